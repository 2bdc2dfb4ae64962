package io.runnel.connect.storage;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Where source offsets live: serialized keys ({@code [connector, sourcePartition]}) to serialized offsets, in the
 * encoding of {@link OffsetCodec} (Apache Connect's: the schemaless JSON of its offsets topic). A null value deletes.
 * Implementations are thread-safe.
 */
public interface OffsetStore extends AutoCloseable {

    /** A copy of everything stored. */
    Map<ByteBuffer, ByteBuffer> all();

    ByteBuffer get(ByteBuffer key);

    /** Stores the entries durably before returning (null values remove). */
    void putAll(Map<ByteBuffer, ByteBuffer> entries);

    @Override
    void close();
}
