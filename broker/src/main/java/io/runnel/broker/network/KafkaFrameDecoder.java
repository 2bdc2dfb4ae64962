package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the inbound byte stream into Kafka frames: a 4-byte big-endian size followed by that many bytes. A size
 * that is negative or above {@code maxFrameBytes} fails with {@link FrameTooLargeException} before any of the
 * frame is buffered, so a hostile 2 GB prefix costs nothing. Emits each frame as a retained slice.
 *
 * <p>Not sharable: one instance per connection.
 */
final class KafkaFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameBytes;

    KafkaFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int size = in.getInt(in.readerIndex());
            if (size < 0 || size > maxFrameBytes) {
                in.skipBytes(in.readableBytes());
                throw new FrameTooLargeException("Frame of " + Integer.toUnsignedString(size)
                        + " bytes is larger than socket.request.max.bytes (" + maxFrameBytes + ")");
            }
            if (in.readableBytes() < 4 + size) {
                // Buffer only what has arrived: announcing a large frame reserves nothing.
                return;
            }
            in.skipBytes(4);
            out.add(in.readRetainedSlice(size));
        }
    }
}
