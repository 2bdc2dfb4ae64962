package io.runnel.coordinator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.common.time.MockTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerQueueTest {

    private final MockTime time = new MockTime();
    private final TimerQueue<List<String>> timers = new TimerQueue<>(time);

    @Test
    void tasksRunAtTheirDeadlinesInDeadlineOrder() {
        timers.schedule("b", 200, fired -> fired.add("b"));
        timers.schedule("a", 100, fired -> fired.add("a"));
        timers.schedule("c", 200, fired -> fired.add("c"));
        assertThat(timers.delayToNextMs()).isEqualTo(100);
        List<String> fired = new ArrayList<>();
        time.advance(99);
        assertThat(timers.runExpired(fired)).isZero();
        time.advance(1);
        timers.runExpired(fired);
        assertThat(fired).containsExactly("a");
        time.advance(100);
        timers.runExpired(fired);
        assertThat(fired).containsExactly("a", "b", "c");
        assertThat(timers.delayToNextMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void reschedulingAKeyReplacesItsTaskAndCancellingRemovesIt() {
        List<String> fired = new ArrayList<>();
        timers.schedule("session", 100, f -> f.add("first"));
        time.advance(50);
        timers.schedule("session", 100, f -> f.add("second"));
        timers.schedule("other", 10, f -> f.add("other"));
        assertThat(timers.cancel("other")).isTrue();
        assertThat(timers.cancel("other")).isFalse();
        time.advance(60);
        timers.runExpired(fired);
        assertThat(fired).isEmpty();
        assertThat(timers.delayToNextMs()).isEqualTo(40);
        time.advance(40);
        timers.runExpired(fired);
        assertThat(fired).containsExactly("second");
        assertThat(timers.isScheduled("session")).isFalse();
    }

    @Test
    void aTaskMayScheduleAnotherThatIsAlreadyDue() {
        List<String> fired = new ArrayList<>();
        timers.schedule("first", 10, f -> {
            f.add("first");
            timers.schedule("follow-up", 0, g -> g.add("follow-up"));
        });
        time.advance(10);
        assertThat(timers.runExpired(fired)).isEqualTo(2);
        assertThat(fired).containsExactly("first", "follow-up");
    }
}
