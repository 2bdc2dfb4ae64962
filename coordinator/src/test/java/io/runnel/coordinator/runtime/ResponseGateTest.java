package io.runnel.coordinator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.coordinator.GroupError;
import io.runnel.coordinator.record.ClassicGroupKey;
import io.runnel.coordinator.record.CoordinatorRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ResponseGateTest {

    private final ResponseGate gate = new ResponseGate();
    private final List<CoordinatorRecord> applied = new ArrayList<>();

    private Operation op() {
        return new Operation(gate, applied::add);
    }

    @Test
    void aResponseWaitsForItsOwnRecordsAndForEveryEarlierWrite() {
        Operation write = op();
        Deferred<String> first = gate.newDeferred(GroupError::name);
        write.write(CoordinatorRecord.tombstone(new ClassicGroupKey("g")));
        write.release(first, "written");
        long writeId = write.finish(first.future()).writeId();
        assertThat(applied).as("applied at once").hasSize(1);
        assertThat(first.future()).isNotDone();

        Operation read = op();
        Deferred<String> second = gate.newDeferred(GroupError::name);
        read.release(second, "read");
        assertThat(read.finish(second.future()).writeId())
                .as("a read has no write id")
                .isZero();
        assertThat(second.future()).as("it may reflect the uncommitted write").isNotDone();

        gate.onCommitted(writeId);
        assertThat(first.future()).isCompletedWithValue("written");
        assertThat(second.future()).isCompletedWithValue("read");

        Operation later = op();
        Deferred<String> third = gate.newDeferred(GroupError::name);
        later.release(third, "now");
        later.finish(third.future());
        assertThat(third.future()).as("nothing pending: sent at once").isCompletedWithValue("now");
    }

    @Test
    void unloadAnswersEverythingOutstandingWithTheError() {
        Deferred<String> parked = gate.newDeferred(GroupError::name);
        Operation write = op();
        Deferred<String> gated = gate.newDeferred(GroupError::name);
        write.write(CoordinatorRecord.tombstone(new ClassicGroupKey("g")));
        write.release(gated, "ok");
        CompletableFuture<String> future = write.finish(gated.future()).response();
        gate.failAll(GroupError.NOT_COORDINATOR);
        assertThat(parked.future()).isCompletedWithValue("NOT_COORDINATOR");
        assertThat(future).isCompletedWithValue("NOT_COORDINATOR");
        assertThat(gate.outstanding()).isZero();
    }
}
