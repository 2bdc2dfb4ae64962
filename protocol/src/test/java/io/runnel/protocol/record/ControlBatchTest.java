package io.runnel.protocol.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.LeaderChangeMessage;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

/** Transaction markers and other control batches, against kafka-clients 4.3.0. */
class ControlBatchTest {

    private static final long TIMESTAMP = 1_712_345_678_901L;

    @Test
    void endTransactionMarkersAreByteForByteWhatKafkaClientsWrite() {
        for (ControlRecordType type : List.of(ControlRecordType.COMMIT, ControlRecordType.ABORT)) {
            for (int coordinatorEpoch : new int[] {0, 7, Integer.MAX_VALUE}) {
                ByteBuffer kafka = MemoryRecords.withEndTransactionMarker(
                                123_456L,
                                TIMESTAMP,
                                42,
                                9_876_543_210L,
                                (short) 5,
                                new org.apache.kafka.common.record.internal.EndTransactionMarker(
                                        org.apache.kafka.common.record.internal.ControlRecordType.valueOf(type.name()),
                                        coordinatorEpoch))
                        .buffer();
                ByteBuf ours = RecordBatchBuilder.endTransactionMarker(
                        123_456L,
                        TIMESTAMP,
                        42,
                        9_876_543_210L,
                        (short) 5,
                        new EndTransactionMarker(type, coordinatorEpoch));
                assertThat(ByteBufUtil.getBytes(ours)).isEqualTo(BatchSpec.bytesOf(kafka));
            }
        }
    }

    @Test
    void aMarkerWrittenByKafkaClientsReadsAsAControlBatchWithItsMarker() {
        ByteBuffer kafka = MemoryRecords.withEndTransactionMarker(
                        77L,
                        TIMESTAMP,
                        3,
                        1234L,
                        (short) 2,
                        new org.apache.kafka.common.record.internal.EndTransactionMarker(
                                org.apache.kafka.common.record.internal.ControlRecordType.ABORT, 19))
                .buffer();
        RecordBatch batch = RecordBatchInteropTest.onlyBatch(
                new io.runnel.protocol.record.MemoryRecords(Unpooled.wrappedBuffer(kafka)));
        batch.ensureValid();
        assertThat(batch.isControlBatch()).isTrue();
        assertThat(batch.isTransactional()).isTrue();
        assertThat(batch.producerId()).isEqualTo(1234L);
        assertThat(batch.producerEpoch()).isEqualTo((short) 2);
        assertThat(batch.baseSequence()).isEqualTo(RecordBatch.NO_SEQUENCE);
        Record record = batch.iterator().next();
        assertThat(record.offset()).isEqualTo(77L);
        assertThat(record.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(ControlRecordType.parse(record.key())).isEqualTo(ControlRecordType.ABORT);
        assertThat(EndTransactionMarker.read(record)).isEqualTo(new EndTransactionMarker(ControlRecordType.ABORT, 19));
    }

    @Test
    void kafkaClientsReadOurMarkersAsTheirs() {
        ByteBuf ours = RecordBatchBuilder.endTransactionMarker(
                500L, TIMESTAMP, 8, 31L, (short) 4, new EndTransactionMarker(ControlRecordType.COMMIT, 12));
        MutableRecordBatch kafka = RecordBatchInteropTest.onlyBatch(MemoryRecords.readableRecords(ours.nioBuffer()));
        kafka.ensureValid();
        assertThat(kafka.isControlBatch()).isTrue();
        assertThat(kafka.isTransactional()).isTrue();
        org.apache.kafka.common.record.internal.Record record = kafka.iterator().next();
        org.apache.kafka.common.record.internal.EndTransactionMarker marker =
                org.apache.kafka.common.record.internal.EndTransactionMarker.deserialize(record);
        assertThat(marker.controlType()).isEqualTo(org.apache.kafka.common.record.internal.ControlRecordType.COMMIT);
        assertThat(marker.coordinatorEpoch()).isEqualTo(12);
    }

    @Test
    void otherControlRecordTypesAreRecognisedAndUnknownOnesPassThrough() {
        ByteBuffer leaderChange = MemoryRecords.withLeaderChangeMessage(
                        0L, TIMESTAMP, 1, ByteBuffer.allocate(256), new LeaderChangeMessage().setLeaderId(3))
                .buffer();
        RecordBatch batch = RecordBatchInteropTest.onlyBatch(
                new io.runnel.protocol.record.MemoryRecords(Unpooled.wrappedBuffer(leaderChange)));
        Record record = batch.iterator().next();
        assertThat(ControlRecordType.parse(record.key())).isEqualTo(ControlRecordType.LEADER_CHANGE);
        assertThatThrownBy(() -> EndTransactionMarker.read(record)).isInstanceOf(CorruptRecordException.class);

        assertThat(ControlRecordType.parse(Unpooled.buffer().writeShort(0).writeShort(99)))
                .isEqualTo(ControlRecordType.UNKNOWN);
        assertThatThrownBy(() -> ControlRecordType.parse(Unpooled.buffer().writeShort(0)))
                .isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() ->
                        ControlRecordType.parse(Unpooled.buffer().writeShort(-1).writeShort(1)))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void aControlBatchBuiltRecordByRecordCarriesSeveralMarkers() {
        RecordBatchBuilder builder = new RecordBatchBuilder(Compression.NONE, 10)
                .producer(5L, (short) 1, RecordBatch.NO_SEQUENCE)
                .transactional(true)
                .control(true);
        builder.appendEndTransactionMarker(TIMESTAMP, new EndTransactionMarker(ControlRecordType.COMMIT, 1));
        builder.appendEndTransactionMarker(TIMESTAMP + 1, new EndTransactionMarker(ControlRecordType.ABORT, 2));
        ByteBuf bytes = builder.build();
        MutableRecordBatch kafka = RecordBatchInteropTest.onlyBatch(MemoryRecords.readableRecords(bytes.nioBuffer()));
        kafka.ensureValid();
        assertThat(kafka.isControlBatch()).isTrue();
        assertThat(kafka.lastOffset()).isEqualTo(11);
        RecordBatch ours = new RecordBatch(bytes);
        BatchSpec.assertSameHeader(kafka, ours);
        BatchSpec.assertSameRecords(kafka, ours);

        assertThatThrownBy(() -> new RecordBatchBuilder(Compression.NONE, 0)
                        .appendEndTransactionMarker(TIMESTAMP, new EndTransactionMarker(ControlRecordType.ABORT, 0)))
                .isInstanceOf(IllegalStateException.class);
    }
}
