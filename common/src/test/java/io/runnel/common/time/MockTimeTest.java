package io.runnel.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MockTimeTest {

    @Test
    void advancesWallAndMonotonicClocksTogether() {
        MockTime time = new MockTime();
        long ms = time.milliseconds();
        long ns = time.nanoseconds();
        time.sleep(250);
        assertThat(time.milliseconds()).isEqualTo(ms + 250);
        assertThat(time.nanoseconds()).isEqualTo(ns + 250_000_000L);
        assertThat(time.hiResClockMs()).isEqualTo((ns + 250_000_000L) / 1_000_000L);
    }

    @Test
    void autoTickAdvancesOnEveryRead() {
        MockTime time = new MockTime(5, 1000, 0);
        assertThat(time.milliseconds()).isEqualTo(1005);
        assertThat(time.milliseconds()).isEqualTo(1010);
    }

    @Test
    void refusesToGoBackwards() {
        MockTime time = new MockTime();
        assertThatThrownBy(() -> time.advance(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> time.setCurrentTimeMs(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
