package io.runnel.broker.fetch;

import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.runnel.broker.network.SpliceableRecords;
import io.runnel.storage.FileSlice;

/**
 * Record data of a fetch response that stays in the segment file: sent with sendfile as a file region, never
 * copied into the heap. The region does not close the file; the log owns it.
 *
 * <p>Not thread-safe; one per response.
 */
public final class FileSliceRecords extends SpliceableRecords {

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
        return new SharedFileRegion(slice);
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

    @Override
    public String toString() {
        return "FileSliceRecords(" + slice.length() + " bytes at " + slice.position() + ")";
    }
}
