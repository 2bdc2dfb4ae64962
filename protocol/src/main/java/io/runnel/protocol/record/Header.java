package io.runnel.protocol.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record header: a non-null UTF-8 key and a value that may be null. Kafka allows repeated keys; order is kept.
 *
 * <p>Immutable by convention: {@link #value()} returns the array itself, which callers must not modify.
 */
public final class Header {

    private final String key;
    private final byte[] value;

    public Header(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "header key must not be null");
        this.value = value;
    }

    public String key() {
        return key;
    }

    /** The value, or null. Not copied. */
    public byte[] value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Header(key=" + key + ", value=" + (value == null ? "null" : value.length + " bytes") + ")";
    }
}
