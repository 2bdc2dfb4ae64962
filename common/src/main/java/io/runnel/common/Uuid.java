package io.runnel.common;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A 128-bit identifier as Kafka uses it for topic ids, directory ids and incarnation ids. Its string form is the
 * URL-safe, unpadded base64 of its 16 bytes (22 characters), which is how every Kafka tool prints it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Uuid implements Comparable<Uuid> {

    /** The all-zero id; on the wire it means "no id". */
    public static final Uuid ZERO_UUID = new Uuid(0L, 0L);

    /** Reserved for the cluster metadata topic. */
    public static final Uuid METADATA_TOPIC_ID = new Uuid(0L, 1L);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final long mostSignificantBits;
    private final long leastSignificantBits;

    public Uuid(long mostSignificantBits, long leastSignificantBits) {
        this.mostSignificantBits = mostSignificantBits;
        this.leastSignificantBits = leastSignificantBits;
    }

    /**
     * A random id that is not reserved and whose string form does not start with '-', so it can be passed on a
     * command line without being taken for an option.
     */
    public static Uuid randomUuid() {
        while (true) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            Uuid uuid = new Uuid(buffer.getLong(), buffer.getLong());
            if (!uuid.equals(ZERO_UUID)
                    && !uuid.equals(METADATA_TOPIC_ID)
                    && !uuid.toString().startsWith("-")) {
                return uuid;
            }
        }
    }

    /** Parses the 22-character base64 form. */
    public static Uuid fromString(String value) {
        if (value.length() > 24) {
            throw new IllegalArgumentException("Input string with prefix `" + value.substring(0, 24)
                    + "` is too long to be decoded as a base64 UUID");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Input string `" + value + "` is not a valid base64 UUID", e);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("Input string `" + value + "` decoded as " + bytes.length
                    + " bytes, which is not equal to " + "the expected 16 bytes of a base64-encoded UUID");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new Uuid(buffer.getLong(), buffer.getLong());
    }

    public long getMostSignificantBits() {
        return mostSignificantBits;
    }

    public long getLeastSignificantBits() {
        return leastSignificantBits;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Uuid)) {
            return false;
        }
        Uuid other = (Uuid) o;
        return mostSignificantBits == other.mostSignificantBits && leastSignificantBits == other.leastSignificantBits;
    }

    @Override
    public int hashCode() {
        long xor = mostSignificantBits ^ leastSignificantBits;
        return (int) (xor >> 32) ^ (int) xor;
    }

    @Override
    public String toString() {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        buffer.putLong(mostSignificantBits).putLong(leastSignificantBits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    @Override
    public int compareTo(Uuid other) {
        int c = Long.compare(mostSignificantBits, other.mostSignificantBits);
        return c != 0 ? c : Long.compare(leastSignificantBits, other.leastSignificantBits);
    }
}
