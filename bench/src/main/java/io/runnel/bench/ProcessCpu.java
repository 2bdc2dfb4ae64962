package io.runnel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CPU time a broker process has used, user plus system, from {@code /proc/<pid>/stat} (fields 14 {@code utime}
 * and 15 {@code stime}, in clock ticks), summed over the process and its live descendants. Reading it before and after
 * a measured interval gives the broker's CPU seconds for that interval; divided by the GiB the interval moved, that is
 * the efficiency figure that the shared cores cannot blur (a client competing for the CPU slows the broker down, but
 * does not make it spend more CPU per byte).
 *
 * <p>The stat line is {@code pid (comm) state ppid …}; {@code comm} may itself hold spaces and parentheses, so the
 * fields are counted from after the last {@code ')'}. Immutable; thread-safe.
 */
final class ProcessCpu {

    /** Field 14 ({@code utime}) is the 12th after the {@code comm} field's closing parenthesis (state is the 1st). */
    private static final int UTIME_AFTER_COMM = 12;

    private final long ticksPerSecond;

    ProcessCpu(long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks per second must be positive, got " + ticksPerSecond);
        }
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The machine's clock ticks per second ({@code getconf CLK_TCK}), 100 where it cannot be read (Linux's USER_HZ). */
    static ProcessCpu ofThisMachine() {
        String out = MachineInfo.command(List.of("getconf", "CLK_TCK")).trim();
        try {
            return new ProcessCpu(Long.parseLong(out));
        } catch (NumberFormatException e) {
            return new ProcessCpu(100);
        }
    }

    /** User plus system CPU seconds of one {@code /proc/<pid>/stat} line. */
    double secondsOf(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line (no \"(comm)\"): " + abbreviate(statLine));
        }
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        if (fields.length <= UTIME_AFTER_COMM + 1) {
            throw new IllegalArgumentException(
                    "a /proc/<pid>/stat line with too few fields (" + fields.length + "): " + abbreviate(statLine));
        }
        try {
            long utime = Long.parseLong(fields[UTIME_AFTER_COMM - 1]);
            long stime = Long.parseLong(fields[UTIME_AFTER_COMM]);
            return (utime + stime) / (double) ticksPerSecond;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "utime/stime of a /proc/<pid>/stat line are not numbers: " + abbreviate(statLine));
        }
    }

    /**
     * CPU seconds used so far by the process and its live descendants; NaN when the process is gone or /proc cannot
     * be read (the figure is then missing, never made up).
     */
    double secondsUsed(ProcessHandle process) {
        try (Stream<ProcessHandle> descendants = process.descendants()) {
            double total = read(process.pid());
            for (ProcessHandle child : (Iterable<ProcessHandle>) descendants::iterator) {
                double seconds = read(child.pid());
                if (!Double.isNaN(seconds)) {
                    total += seconds;
                }
            }
            return total;
        }
    }

    private double read(long pid) {
        try {
            return secondsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | IllegalArgumentException e) {
            return Double.NaN; // the process exited, or /proc is not Linux's
        }
    }

    /** Broker CPU seconds per GiB moved: NaN when either is missing or nothing moved. */
    static double perGiB(double cpuSeconds, double bytes) {
        if (Double.isNaN(cpuSeconds) || !(bytes > 0)) {
            return Double.NaN;
        }
        return cpuSeconds / (bytes / (1024.0 * 1024 * 1024));
    }

    private static String abbreviate(String s) {
        String line = s.strip();
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }
}
