package io.runnel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.runnel.protocol.RandomMessages.Impl;
import io.runnel.protocol.codegen.MessageSpec;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds every decoder (every message spec, every version) truncated frames, random bytes, mutated valid frames,
 * and valid frames with a huge length written at every position. The only acceptable outcomes are a successful
 * decode or a {@link MessageDecodeException}, and no single decode may allocate more than a few megabytes: a length
 * prefix of 2 GB must not allocate 2 GB.
 */
class HostileInputTest {

    private static final long MAX_ALLOCATION_PER_DECODE = 8L << 20;
    private static final byte[] INT32_MAX = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    private static final byte[] UVARINT_HUGE = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void everyDecoderRejectsHostileBytesWithADecodeExceptionOnly() throws Exception {
        long seed = Long.getLong("hostile.seed", 0xBAD_F00DL);
        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        long decodes = 0;
        int pairs = 0;
        for (MessageSpec spec : MessageFidelityTest.loadSpecs()) {
            Constructor<?> ctor =
                    Class.forName(Impl.RUNNEL.pkg + spec.className()).getConstructor(ByteBuf.class, short.class);
            RandomMessages messages = new RandomMessages(spec, random);
            for (short v = spec.validVersions().lowest();
                    v <= spec.validVersions().highest();
                    v++) {
                pairs++;
                Message valid = (Message) messages.newMessage(Impl.RUNNEL, v);
                ByteBuf out = Unpooled.buffer();
                valid.write(out, v);
                byte[] bytes = ByteBufUtil.getBytes(out);
                String what = spec.name() + " v" + v;

                // Every strict prefix is a truncated frame and must fail.
                for (int len = 0; len < bytes.length; len++) {
                    decodes++;
                    if (decode(ctor, java.util.Arrays.copyOf(bytes, len), v, failures, what + " truncated to " + len)) {
                        failures.add(what + " truncated to " + len + " bytes decoded successfully");
                    }
                }
                // A huge length at every position.
                for (int pos = 0; pos < bytes.length; pos++) {
                    for (byte[] huge : new byte[][] {INT32_MAX, UVARINT_HUGE}) {
                        byte[] mutated = bytes.clone();
                        System.arraycopy(huge, 0, mutated, pos, Math.min(huge.length, mutated.length - pos));
                        decodes++;
                        decode(ctor, mutated, v, failures, what + " huge length at " + pos);
                    }
                }
                // Random flips and random garbage.
                for (int i = 0; i < 20; i++) {
                    byte[] mutated = bytes.clone();
                    if (mutated.length > 0) {
                        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                            mutated[random.nextInt(mutated.length)] = (byte) random.nextInt();
                        }
                    }
                    byte[] garbage = new byte[random.nextInt(64)];
                    random.nextBytes(garbage);
                    decodes += 2;
                    decode(ctor, mutated, v, failures, what + " mutated");
                    decode(ctor, garbage, v, failures, what + " random bytes");
                }
            }
        }
        System.out.printf(
                "HostileInputTest: %d hostile decodes over %d (message, version) pairs, seed %d%n",
                decodes, pairs, seed);
        assertThat(failures).as("seed " + seed).isEmpty();
        assertThat(pairs).isGreaterThan(600);
    }

    /** Decodes; returns whether it succeeded. Records any outcome other than success or a decode exception. */
    private boolean decode(Constructor<?> ctor, byte[] bytes, short version, List<String> failures, String what) {
        long before = threads.getCurrentThreadAllocatedBytes();
        boolean ok;
        try {
            ctor.newInstance(Unpooled.wrappedBuffer(bytes), version);
            ok = true;
        } catch (InvocationTargetException e) {
            ok = false;
            if (!(e.getCause() instanceof MessageDecodeException)) {
                failures.add(what + ": " + e.getCause());
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        if (allocated > MAX_ALLOCATION_PER_DECODE) {
            failures.add(what + ": allocated " + allocated + " bytes");
        }
        return ok;
    }

    @Test
    void aTwoGigabyteRecordsLengthFailsWithoutAllocatingIt() {
        // ProduceRequest v8: transactional id (null), acks, timeout, one topic "t", one partition, records length
        // 0x7ffffff0 followed by a handful of bytes.
        ByteBuf buf = Unpooled.buffer();
        buf.writeShort(-1).writeShort(-1).writeInt(30_000);
        buf.writeInt(1).writeShort(1).writeByte('t');
        buf.writeInt(1).writeInt(0).writeInt(0x7ffffff0).writeBytes(new byte[16]);
        long before = threads.getCurrentThreadAllocatedBytes();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new io.runnel.protocol.message.ProduceRequestData(buf, (short) 8))
                .isInstanceOf(MessageDecodeException.class)
                .hasMessageContaining("2147483632");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(MAX_ALLOCATION_PER_DECODE);
    }
}
