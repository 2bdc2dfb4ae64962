package io.runnel.storage.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An in-memory {@link Disk} that models what a power loss keeps, for crash-consistency tests.
 *
 * <p>Files: each keeps its current bytes (what reads see) and its durable bytes (as of its last {@code force}),
 * with the writes and truncations made since. Directories: each keeps its current entries and its durable entries
 * (as of its last {@link #syncDirectory}), with the creations, renames and removals made since.
 *
 * <p>{@link #crash(Random)} returns the disk as it would be found after a power loss: every directory keeps its
 * durable entries plus a random prefix of its later changes (a journal replays metadata in order); every file keeps
 * its durable bytes plus an independent random subset of its later writes and truncations, in order (so later writes
 * may survive where earlier ones did not, leaving holes of zeros), some of them torn (only a prefix reached the
 * device). A file whose creation did not survive is gone, whatever was forced into it.
 *
 * <p>Faults on demand: a byte capacity past which writes fail with "No space left on device" after writing what
 * fits; forces that fail with an I/O error from the n-th one on.
 *
 * <p>Thread-safe: every operation holds the disk's monitor.
 */
public final class SimulatedDisk implements Disk {

    private final DirNode root = new DirNode();
    private long capacity = Long.MAX_VALUE;
    private long forces;
    private long failForcesFrom = Long.MAX_VALUE;
    private long directorySyncs;
    private volatile Runnable forceHook = () -> {};
    private volatile Runnable operationHook = () -> {};

    // ------------------------------------------------------------------------------------------------- model

    private abstract static class Node {}

    private static final class DirNode extends Node {
        final Map<String, Node> current = new HashMap<>();
        Map<String, Node> durable = new HashMap<>();
        final List<DirOp> pending = new ArrayList<>();
    }

    private static final class FileNode extends Node {
        byte[] current = new byte[0];
        int length;
        byte[] durable = new byte[0];
        final List<FileOp> pending = new ArrayList<>();
    }

    /** A directory change: {@code name} now refers to {@code node}, or to nothing when node is null. */
    private record DirOp(String name, Node node, String removedName) {}

    /** A write ({@code data} at {@code position}) or a truncation ({@code data} null, to {@code position}). */
    private record FileOp(long position, byte[] data) {}

    // ------------------------------------------------------------------------------------------------ faults

    /** Writes that would make the files' total size exceed {@code bytes} fail after writing what fits. */
    public synchronized void setCapacity(long bytes) {
        this.capacity = bytes;
    }

    /** The total size of all files, as reads see them. */
    public synchronized long usedBytes() {
        return usedBytes(root);
    }

    private static long usedBytes(DirNode dir) {
        long total = 0;
        for (Node n : dir.current.values()) {
            total += n instanceof FileNode f ? f.length : usedBytes((DirNode) n);
        }
        return total;
    }

    /** Every force from the n-th (counting from 1 over the disk's life) fails with an I/O error. */
    public synchronized void failForcesFrom(long n) {
        this.failForcesFrom = n;
    }

    /** Runs before every file force, outside the disk's lock (a test can block an fsync in flight with it). */
    public void setForceHook(Runnable hook) {
        this.forceHook = hook;
    }

    /**
     * Runs at the start of every operation that changes the disk (write, truncate, force, create, rename, delete,
     * directory sync), inside the disk's lock, so a test can take {@link #crash} at any point of a sequence.
     */
    public void setOperationHook(Runnable hook) {
        this.operationHook = hook;
    }

    /** How many file forces have succeeded. */
    public synchronized long forces() {
        return forces;
    }

    public synchronized long directorySyncs() {
        return directorySyncs;
    }

    // ------------------------------------------------------------------------------------------ namespace

    private DirNode dirAt(Path path) throws IOException {
        DirNode dir = root;
        for (Path part : path.toAbsolutePath()) {
            Node next = dir.current.get(part.toString());
            if (!(next instanceof DirNode d)) {
                throw new NoSuchFileException(path.toString());
            }
            dir = d;
        }
        return dir;
    }

    private Node nodeAt(Path path) {
        try {
            Path abs = path.toAbsolutePath();
            if (abs.getParent() == null) {
                return root;
            }
            return dirAt(abs.getParent()).current.get(abs.getFileName().toString());
        } catch (IOException e) {
            return null;
        }
    }

    private static void link(DirNode dir, String name, Node node) {
        dir.current.put(name, node);
        dir.pending.add(new DirOp(name, node, null));
    }

    private static void unlink(DirNode dir, String name) {
        dir.current.remove(name);
        dir.pending.add(new DirOp(name, null, null));
    }

    @Override
    public synchronized FileChannel open(Path file) throws IOException {
        operationHook.run();
        Path abs = file.toAbsolutePath();
        DirNode parent = dirAt(abs.getParent());
        String name = abs.getFileName().toString();
        Node node = parent.current.get(name);
        if (node instanceof DirNode) {
            throw new IOException(file + " is a directory");
        }
        if (node == null) {
            node = new FileNode();
            link(parent, name, node);
        }
        return new SimulatedFileChannel((FileNode) node);
    }

    @Override
    public synchronized boolean exists(Path path) {
        return nodeAt(path) != null;
    }

    @Override
    public synchronized boolean isDirectory(Path path) {
        return nodeAt(path) instanceof DirNode;
    }

    @Override
    public synchronized List<Path> list(Path directory) throws IOException {
        DirNode dir = dirAt(directory);
        List<Path> entries = new ArrayList<>();
        for (String name : dir.current.keySet()) {
            entries.add(directory.resolve(name));
        }
        return entries;
    }

    @Override
    public synchronized void createDirectories(Path directory) throws IOException {
        operationHook.run();
        DirNode dir = root;
        for (Path part : directory.toAbsolutePath()) {
            String name = part.toString();
            Node next = dir.current.get(name);
            if (next == null) {
                next = new DirNode();
                link(dir, name, next);
            } else if (!(next instanceof DirNode)) {
                throw new FileAlreadyExistsException(directory.toString());
            }
            dir = (DirNode) next;
        }
    }

    @Override
    public synchronized void move(Path source, Path target) throws IOException {
        operationHook.run();
        Path src = source.toAbsolutePath();
        Path dst = target.toAbsolutePath();
        if (!src.getParent().equals(dst.getParent())) {
            throw new IOException("SimulatedDisk only renames within a directory: " + source + " -> " + target);
        }
        DirNode dir = dirAt(src.getParent());
        String from = src.getFileName().toString();
        String to = dst.getFileName().toString();
        Node node = dir.current.get(from);
        if (node == null) {
            throw new NoSuchFileException(source.toString());
        }
        dir.current.remove(from);
        dir.current.put(to, node);
        dir.pending.add(new DirOp(to, node, from));
    }

    @Override
    public synchronized void deleteIfExists(Path path) throws IOException {
        operationHook.run();
        Path abs = path.toAbsolutePath();
        DirNode dir;
        try {
            dir = dirAt(abs.getParent());
        } catch (NoSuchFileException e) {
            return;
        }
        String name = abs.getFileName().toString();
        Node node = dir.current.get(name);
        if (node == null) {
            return;
        }
        if (node instanceof DirNode d && !d.current.isEmpty()) {
            throw new DirectoryNotEmptyException(path.toString());
        }
        unlink(dir, name);
    }

    @Override
    public synchronized void syncDirectory(Path directory) throws IOException {
        operationHook.run();
        DirNode dir = dirAt(directory);
        for (DirOp op : dir.pending) {
            apply(dir.durable, op);
        }
        dir.pending.clear();
        directorySyncs++;
    }

    private static void apply(Map<String, Node> entries, DirOp op) {
        if (op.removedName != null) {
            entries.remove(op.removedName);
        }
        if (op.node == null) {
            entries.remove(op.name);
        } else {
            entries.put(op.name, op.node);
        }
    }

    // ------------------------------------------------------------------------------------------------ crash

    /**
     * The disk as found after a power loss now (see the class comment). This disk is left as it is; channels opened
     * on it do not affect the result.
     */
    public synchronized SimulatedDisk crash(Random random) {
        SimulatedDisk after = new SimulatedDisk();
        after.capacity = Long.MAX_VALUE;
        Map<Node, Node> copies = new IdentityHashMap<>();
        materialize(root, after.root, random, copies, true);
        return after;
    }

    private static void materialize(DirNode from, DirNode to, Random random, Map<Node, Node> copies, boolean isRoot) {
        Map<String, Node> survived = new HashMap<>(isRoot ? from.current : from.durable);
        if (!isRoot) {
            int kept = random.nextInt(from.pending.size() + 1);
            for (DirOp op : from.pending.subList(0, kept)) {
                apply(survived, op);
            }
        }
        for (Map.Entry<String, Node> e : survived.entrySet()) {
            Node copy = copies.get(e.getValue());
            if (copy == null) {
                if (e.getValue() instanceof DirNode d) {
                    DirNode nd = new DirNode();
                    copies.put(d, nd);
                    materialize(d, nd, random, copies, false);
                    copy = nd;
                } else {
                    copy = materializeFile((FileNode) e.getValue(), random);
                    copies.put(e.getValue(), copy);
                }
            }
            to.current.put(e.getKey(), copy);
        }
        to.durable = new HashMap<>(to.current);
    }

    private static FileNode materializeFile(FileNode from, Random random) {
        byte[] content = from.durable.clone();
        int length = content.length;
        for (FileOp op : from.pending) {
            if (random.nextBoolean()) {
                continue;
            }
            if (op.data == null) {
                length = (int) Math.min(length, op.position);
                continue;
            }
            int n = op.data.length;
            if (random.nextInt(5) == 0) {
                n = random.nextInt(n + 1);
            }
            int end = (int) op.position + n;
            if (end > content.length) {
                content = Arrays.copyOf(content, Math.max(end, content.length * 2));
            }
            if (op.position > length) {
                Arrays.fill(content, length, (int) op.position, (byte) 0);
            }
            System.arraycopy(op.data, 0, content, (int) op.position, n);
            length = Math.max(length, end);
        }
        FileNode after = new FileNode();
        after.current = Arrays.copyOf(content, length);
        after.length = length;
        after.durable = after.current.clone();
        return after;
    }

    // ---------------------------------------------------------------------------------------------- channel

    private final class SimulatedFileChannel extends FileChannel {

        private final FileNode file;
        private long position;

        SimulatedFileChannel(FileNode file) {
            this.file = file;
        }

        private void ensureOpen() throws ClosedChannelException {
            if (!isOpen()) {
                throw new ClosedChannelException();
            }
        }

        @Override
        public int read(ByteBuffer dst, long at) throws IOException {
            synchronized (SimulatedDisk.this) {
                ensureOpen();
                if (at >= file.length) {
                    return dst.hasRemaining() ? -1 : 0;
                }
                int n = (int) Math.min(dst.remaining(), file.length - at);
                dst.put(file.current, (int) at, n);
                return n;
            }
        }

        @Override
        public int write(ByteBuffer src, long at) throws IOException {
            synchronized (SimulatedDisk.this) {
                operationHook.run();
                ensureOpen();
                int n = src.remaining();
                long growth = Math.max(0, at + n - file.length);
                long free = capacity - usedBytes(root);
                boolean full = growth > free;
                if (full) {
                    n = (int) Math.max(0, n - (growth - Math.max(0, free)));
                }
                byte[] data = new byte[n];
                src.get(data);
                int end = (int) at + n;
                if (end > file.current.length) {
                    file.current = Arrays.copyOf(file.current, Math.max(end, file.current.length * 2));
                }
                if (at > file.length) {
                    Arrays.fill(file.current, file.length, (int) at, (byte) 0);
                }
                System.arraycopy(data, 0, file.current, (int) at, n);
                file.length = Math.max(file.length, end);
                if (n > 0) {
                    file.pending.add(new FileOp(at, data));
                }
                if (full && n == 0) {
                    throw new IOException("No space left on device");
                }
                return n;
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (SimulatedDisk.this) {
                ensureOpen();
                return file.length;
            }
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            synchronized (SimulatedDisk.this) {
                operationHook.run();
                ensureOpen();
                if (size < file.length) {
                    file.length = (int) size;
                    file.pending.add(new FileOp(size, null));
                }
                if (position > size) {
                    position = size;
                }
                return this;
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            forceHook.run();
            synchronized (SimulatedDisk.this) {
                operationHook.run();
                ensureOpen();
                if (forces + 1 >= failForcesFrom) {
                    throw new IOException("Input/output error (simulated fsync failure)");
                }
                forces++;
                file.durable = Arrays.copyOf(file.current, file.length);
                file.pending.clear();
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            synchronized (SimulatedDisk.this) {
                int n = read(dst, position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                int n = read(dsts[i]);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
            }
            return total;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            synchronized (SimulatedDisk.this) {
                int n = write(src, position);
                position += n;
                return n;
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += write(srcs[i]);
            }
            return total;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public FileChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
            ByteBuffer buf;
            synchronized (SimulatedDisk.this) {
                ensureOpen();
                if (at >= file.length) {
                    return 0;
                }
                int n = (int) Math.min(count, file.length - at);
                buf = ByteBuffer.wrap(Arrays.copyOfRange(file.current, (int) at, (int) at + n));
            }
            long done = 0;
            while (buf.hasRemaining()) {
                done += target.write(buf);
            }
            return done;
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long at, long count) {
            throw new UnsupportedOperationException("not used by storage");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long at, long size) {
            throw new UnsupportedOperationException("storage never memory-maps files");
        }

        @Override
        public FileLock lock(long at, long size, boolean shared) {
            throw new UnsupportedOperationException("not used by storage");
        }

        @Override
        public FileLock tryLock(long at, long size, boolean shared) {
            throw new UnsupportedOperationException("not used by storage");
        }

        @Override
        protected void implCloseChannel() {}
    }
}
