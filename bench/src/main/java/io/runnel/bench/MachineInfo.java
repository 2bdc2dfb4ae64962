package io.runnel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine the figures come from: CPU, memory, OS, JVM, the data file system and disk, and the disk's physical
 * limits measured with {@code dd}: sequential direct-I/O writes of 1 MiB blocks ({@code oflag=direct}, the ceiling for
 * any log) and synchronous 4 KiB writes ({@code oflag=dsync}, about what one fsync per append costs). Immutable once
 * collected.
 */
final class MachineInfo {

    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Map<String, Object> disk = new LinkedHashMap<>();

    Map<String, String> facts() {
        return facts;
    }

    Map<String, Object> disk() {
        return disk;
    }

    static MachineInfo collect(Path dataDir, boolean quick) {
        MachineInfo info = new MachineInfo();
        info.facts.put("cpu", cpuModel());
        info.facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        info.facts.put("memory", memory());
        info.facts.put(
                "os", osName() + ", kernel " + command(List.of("uname", "-r")).trim());
        info.facts.put("virtualization", command(List.of("systemd-detect-virt")).trim());
        info.facts.put(
                "jvm",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")");
        info.facts.put("data file system", fileSystem(dataDir));
        info.facts.put("disk", blockDevice(dataDir));
        info.measureDisk(dataDir, quick);
        return info;
    }

    private void measureDisk(Path dataDir, boolean quick) {
        Path file = dataDir.resolve("dd.bin");
        int count = quick ? 256 : 1024;
        String direct = command(List.of(
                "dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=" + count, "oflag=direct", "conv=fdatasync"));
        disk.put(
                "dd_direct_command",
                "dd if=/dev/zero of=<data dir>/dd.bin bs=1M count=" + count + " oflag=direct conv=fdatasync");
        disk.put("dd_direct_mb_per_sec", ddRate(direct));
        int syncCount = quick ? 500 : 2000;
        String sync =
                command(List.of("dd", "if=/dev/zero", "of=" + file, "bs=4k", "count=" + syncCount, "oflag=dsync"));
        disk.put("dd_dsync_command", "dd if=/dev/zero of=<data dir>/dd.bin bs=4k count=" + syncCount + " oflag=dsync");
        double seconds = ddSeconds(sync);
        disk.put("dd_dsync_writes_per_sec", Double.isNaN(seconds) ? Double.NaN : syncCount / seconds);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover scratch file in the git-ignored work directory is harmless.
        }
    }

    /** dd's summary: "N bytes (…) copied, S s, R MB/s"; returns MB/s (10^6 bytes, as dd counts), NaN if absent. */
    private static double ddRate(String output) {
        Matcher m = Pattern.compile("(\\d+) bytes.*copied, ([\\d.]+) s").matcher(output);
        if (!m.find()) {
            return Double.NaN;
        }
        return Long.parseLong(m.group(1)) / Double.parseDouble(m.group(2)) / 1e6;
    }

    private static double ddSeconds(String output) {
        Matcher m = Pattern.compile("copied, ([\\d.]+) s").matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.name");
    }

    private static String fileSystem(Path dir) {
        String out = command(List.of("findmnt", "-n", "-o", "SOURCE,FSTYPE,OPTIONS", "-T", dir.toString()))
                .trim();
        return out.isEmpty() ? "unknown" : out.replaceAll("\\s+", " ");
    }

    private static String blockDevice(Path dir) {
        String source = command(List.of("findmnt", "-n", "-o", "SOURCE", "-T", dir.toString()))
                .trim();
        if (!source.startsWith("/dev/")) {
            return "unknown";
        }
        String name = source.substring("/dev/".length()).replaceAll("[0-9]+$", "");
        String rotational = read(Path.of("/sys/block", name, "queue/rotational"));
        String size =
                command(List.of("lsblk", "-d", "-n", "-o", "SIZE", source)).trim();
        String model = read(Path.of("/sys/block", name, "device/model"));
        return source
                + (size.isEmpty() ? "" : ", " + size)
                + (model.isEmpty() ? "" : ", " + model)
                + (rotational.equals("0") ? ", non-rotational" : rotational.equals("1") ? ", rotational" : "");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }

    static String command(List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LC_ALL", "C");
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The 1-minute load average, from /proc/loadavg. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }
}
