package io.runnel.broker.fetch;

import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.runnel.broker.network.SpliceableRecords;
import io.runnel.storage.FileSlice;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Record data of a fetch response that stays in the segment file: sent with sendfile as a file region, never
 * copied into the heap. The region does not close the file; the log owns it.
 *
 * <p>Netty's native transport sends a {@link DefaultFileRegion} by reading the file descriptor out of the JDK's own
 * file channel class, so a slice of any other {@link FileChannel} (a test's fault-injecting disk wraps the real
 * channels) goes out through {@link FileChannel#transferTo} instead.
 *
 * <p>Not thread-safe; one per response.
 */
public final class FileSliceRecords extends SpliceableRecords {

    private static final String JDK_FILE_CHANNEL = "sun.nio.ch.FileChannelImpl";

    private final FileSlice slice;

    public FileSliceRecords(FileSlice slice) {
        this.slice = slice;
    }

    @Override
    public int sizeInBytes() {
        return slice.length();
    }

    @Override
    public FileRegion fileRegion() {
        if (slice.channel().getClass().getName().equals(JDK_FILE_CHANNEL)) {
            return new SharedFileRegion(slice);
        }
        return new TransferringFileRegion(slice);
    }

    /** A region over a channel owned by someone else: releasing it must not close the file. */
    private static final class SharedFileRegion extends DefaultFileRegion {
        SharedFileRegion(FileSlice slice) {
            super(slice.channel(), slice.position(), slice.length());
        }

        @Override
        protected void deallocate() {
            // The log keeps the channel open; nothing to release.
        }
    }

    /** A region sent with {@code transferTo} of whatever channel the slice has; does not close it either. */
    private static final class TransferringFileRegion extends AbstractReferenceCounted implements FileRegion {
        private final FileSlice slice;
        private long transferred;

        TransferringFileRegion(FileSlice slice) {
            this.slice = slice;
        }

        @Override
        public long position() {
            return slice.position();
        }

        @Override
        @Deprecated
        public long transfered() {
            return transferred;
        }

        @Override
        public long transferred() {
            return transferred;
        }

        @Override
        public long count() {
            return slice.length();
        }

        @Override
        public long transferTo(WritableByteChannel target, long position) throws IOException {
            long remaining = count() - position;
            if (remaining <= 0) {
                return 0;
            }
            long written = slice.channel().transferTo(slice.position() + position, remaining, target);
            if (written > 0) {
                transferred += written;
            }
            return written;
        }

        @Override
        public FileRegion retain() {
            super.retain();
            return this;
        }

        @Override
        public FileRegion retain(int increment) {
            super.retain(increment);
            return this;
        }

        @Override
        public FileRegion touch() {
            return this;
        }

        @Override
        public FileRegion touch(Object hint) {
            return this;
        }

        @Override
        protected void deallocate() {
            // The log keeps the channel open; nothing to release.
        }
    }

    @Override
    public String toString() {
        return "FileSliceRecords(" + slice.length() + " bytes at " + slice.position() + ")";
    }
}
