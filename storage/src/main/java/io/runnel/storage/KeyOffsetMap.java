package io.runnel.storage;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The latest offset of each key in the dirty part of a log, in a fixed amount of memory, for compaction. Keys are
 * not stored: each is replaced by its 16-byte MD5 digest, so two keys share an entry only if their digests
 * collide (probability about n^2 / 2^129 for n keys). Open addressing with linear probing over two arrays: 16
 * bytes of digest and 8 bytes of offset per slot, so {@code memoryBytes / 24} slots, filled up to {@code loadFactor}.
 *
 * <p>Not thread-safe: one per cleaner thread, reused across cleanings with {@link #clear()}.
 */
final class KeyOffsetMap {

    static final int BYTES_PER_ENTRY = 16 + 8;
    private static final int DIGEST_SIZE = 16;

    private final byte[] digests;
    private final long[] offsets;
    private final int slots;
    private final int maxEntries;
    private final MessageDigest md5;
    private final byte[] digest = new byte[DIGEST_SIZE];
    private int entries;
    private long lastOffset = -1;

    KeyOffsetMap(long memoryBytes, double loadFactor) {
        long n = Math.max(16, memoryBytes / BYTES_PER_ENTRY);
        if (n > Integer.MAX_VALUE / DIGEST_SIZE) {
            n = Integer.MAX_VALUE / DIGEST_SIZE;
        }
        this.slots = (int) n;
        this.maxEntries = Math.max(1, (int) (slots * loadFactor));
        this.digests = new byte[slots * DIGEST_SIZE];
        this.offsets = new long[slots];
        Arrays.fill(offsets, -1L);
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK always provides MD5", e);
        }
    }

    /** Whether another new key would exceed the load factor. */
    boolean isFull() {
        return entries >= maxEntries;
    }

    int size() {
        return entries;
    }

    int capacity() {
        return maxEntries;
    }

    /** The largest offset put since the last clear, or -1. */
    long lastOffset() {
        return lastOffset;
    }

    /** Records {@code offset} as the latest of {@code key}. Throws if a new key would exceed the capacity. */
    void put(ByteBuf key, long offset) {
        hash(key);
        int slot = find();
        if (offsets[slot] < 0) {
            if (isFull()) {
                throw new IllegalStateException("Key offset map is full (" + entries + " keys)");
            }
            System.arraycopy(digest, 0, digests, slot * DIGEST_SIZE, DIGEST_SIZE);
            entries++;
        }
        offsets[slot] = offset;
        lastOffset = Math.max(lastOffset, offset);
    }

    /** Whether {@code key} is in the map (so a put of it does not take a new slot). */
    boolean contains(ByteBuf key) {
        hash(key);
        return offsets[find()] >= 0;
    }

    /** The latest offset of {@code key}, or -1 when it is not in the map. */
    long get(ByteBuf key) {
        hash(key);
        return offsets[find()];
    }

    void clear() {
        if (entries > 0) {
            Arrays.fill(offsets, -1L);
            entries = 0;
        }
        lastOffset = -1;
    }

    private void hash(ByteBuf key) {
        md5.reset();
        ByteBuf k = key.duplicate();
        if (k.hasArray()) {
            md5.update(k.array(), k.arrayOffset() + k.readerIndex(), k.readableBytes());
        } else {
            for (ByteBuffer part : k.nioBuffers()) {
                md5.update(part);
            }
        }
        try {
            md5.digest(digest, 0, DIGEST_SIZE);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The slot holding {@link #digest}, or the empty slot where it would go. */
    private int find() {
        long h = ((digest[0] & 0xffL) << 24
                | (digest[1] & 0xffL) << 16
                | (digest[2] & 0xffL) << 8
                | (digest[3] & 0xffL));
        int slot = (int) (h % slots);
        while (true) {
            if (offsets[slot] < 0 || matches(slot)) {
                return slot;
            }
            slot = slot + 1 == slots ? 0 : slot + 1;
        }
    }

    private boolean matches(int slot) {
        int base = slot * DIGEST_SIZE;
        for (int i = 0; i < DIGEST_SIZE; i++) {
            if (digests[base + i] != digest[i]) {
                return false;
            }
        }
        return true;
    }
}
