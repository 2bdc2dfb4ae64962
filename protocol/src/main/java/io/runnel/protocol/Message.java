package io.runnel.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A message or struct of the Kafka protocol that can read and write itself at any of its versions. Generated from
 * Kafka's JSON message specs by protocol-codegen.
 *
 * <p>Implementations are mutable and not thread-safe.
 */
public interface Message {

    short lowestSupportedVersion();

    short highestSupportedVersion();

    /**
     * Replaces this message's content with the one decoded from {@code buf} at {@code version}, advancing the reader
     * index past it. Record data is kept as a slice of {@code buf}, not copied.
     *
     * @throws MessageDecodeException when the bytes are not a valid encoding
     * @throws UnsupportedVersionException when the version is outside the supported range
     */
    void read(ByteBuf buf, short version);

    /**
     * Writes this message at {@code version}.
     *
     * @throws UnsupportedVersionException when a field holds a value the version cannot express
     */
    void write(ByteBuf buf, short version);

    /** The exact number of bytes {@link #write} produces at {@code version}. */
    int size(short version);

    /** Tagged fields this version of the code does not know, kept so they survive a decode and re-encode. */
    List<RawTaggedField> unknownTaggedFields();
}
