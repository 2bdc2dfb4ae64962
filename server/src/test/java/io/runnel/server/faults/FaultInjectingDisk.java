package io.runnel.server.faults;

import io.runnel.storage.io.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real disk ({@link Disk#LOCAL}) with faults switched on and off by a test, for running a whole broker on a
 * failing disk: while {@link #fillUp() full}, a write that would grow a file fails with "No space left on device"
 * (as ENOSPC does, after writing nothing); while {@link #failForces() failing}, every {@code force} and directory
 * sync fails with "Input/output error"; while {@link #blockForces() blocked}, fsyncs wait until {@link
 * #unblockForces()} (a disk that stalls). Everything else goes to the real files, so what was written before a fault
 * is on disk for the next broker to recover.
 *
 * <p>Thread-safe: the switches are atomics; the channels delegate to the JDK's.
 */
public final class FaultInjectingDisk implements Disk {

    private final Disk real = Disk.LOCAL;
    private final AtomicBoolean full = new AtomicBoolean();
    private final AtomicBoolean forcesFail = new AtomicBoolean();
    private volatile CountDownLatch forceGate = new CountDownLatch(0);
    private final AtomicLong rejectedWrites = new AtomicLong();
    private final AtomicLong failedForces = new AtomicLong();

    /** From now on writes that grow a file fail with ENOSPC. */
    public void fillUp() {
        full.set(true);
    }

    /** Space is back. */
    public void freeSpace() {
        full.set(false);
    }

    /** From now on fsyncs fail with EIO. */
    public void failForces() {
        forcesFail.set(true);
    }

    /** From now on fsyncs wait (uninterruptibly) until {@link #unblockForces()}. */
    public void blockForces() {
        forceGate = new CountDownLatch(1);
    }

    public void unblockForces() {
        forceGate.countDown();
    }

    public long rejectedWrites() {
        return rejectedWrites.get();
    }

    public long failedForces() {
        return failedForces.get();
    }

    @Override
    public FileChannel open(Path file) throws IOException {
        return new FaultyChannel(real.open(file));
    }

    @Override
    public boolean exists(Path path) {
        return real.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
        return real.isDirectory(path);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        return real.list(directory);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        real.createDirectories(directory);
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        real.move(source, target);
    }

    @Override
    public void deleteIfExists(Path path) throws IOException {
        real.deleteIfExists(path);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        checkForce();
        real.syncDirectory(directory);
    }

    private void checkForce() throws IOException {
        CountDownLatch gate = forceGate;
        boolean interrupted = false;
        while (gate.getCount() > 0) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (forcesFail.get()) {
            failedForces.incrementAndGet();
            throw new IOException("Input/output error");
        }
    }

    private void checkGrowth(FileChannel channel, long end) throws IOException {
        if (full.get() && end > channel.size()) {
            rejectedWrites.incrementAndGet();
            throw new IOException("No space left on device");
        }
    }

    /** A real channel whose writes and forces consult the switches first. */
    private final class FaultyChannel extends FileChannel {
        private final FileChannel delegate;

        FaultyChannel(FileChannel delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            checkGrowth(delegate, delegate.position() + src.remaining());
            return delegate.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += srcs[i].remaining();
            }
            checkGrowth(delegate, delegate.position() + total);
            return delegate.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            checkForce();
            delegate.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            checkGrowth(delegate, position + count);
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            checkGrowth(delegate, position + src.remaining());
            return delegate.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException("storage never maps files");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
