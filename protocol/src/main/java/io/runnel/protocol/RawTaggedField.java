package io.runnel.protocol;

import java.util.Arrays;

/** A tagged field whose tag the decoder does not know: its tag and undecoded bytes. Immutable. */
public record RawTaggedField(int tag, byte[] data) {

    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawTaggedField other && tag == other.tag && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RawTaggedField(tag=" + tag + ", size=" + data.length + ")";
    }
}
