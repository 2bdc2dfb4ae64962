package io.runnel.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    /** A real line of /proc/<pid>/stat of a JVM: utime 4213 and stime 377 ticks. */
    private static final String JAVA_STAT = "12345 (java) S 1 12345 12345 0 -1 4194560 88211 0 12 0 4213 377 0 0 20 0"
            + " 61 0 1234567 5301633024 96133 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1 0 0 0 0 0";

    @Test
    void cpuSecondsAreUserPlusSystemTicksOverTheClockRate() {
        assertThat(new ProcessCpu(100).secondsOf(JAVA_STAT)).isCloseTo(45.90, within(1e-9));
        assertThat(new ProcessCpu(1000).secondsOf(JAVA_STAT)).isCloseTo(4.590, within(1e-9));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String odd = JAVA_STAT.replace("(java)", "(my (odd) proc)");
        assertThat(new ProcessCpu(100).secondsOf(odd)).isCloseTo(45.90, within(1e-9));
    }

    @Test
    void aLineThatIsNotAStatLineGetsAClearError() {
        assertThatThrownBy(() -> new ProcessCpu(100).secondsOf("hello"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/proc/<pid>/stat");
        assertThatThrownBy(() -> new ProcessCpu(100).secondsOf("1 (java) S 1 2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too few fields");
    }

    @Test
    void thisProcessHasUsedSomeCpuAndAGoneProcessHasNoFigure() throws Exception {
        ProcessCpu cpu = ProcessCpu.ofThisMachine();
        double before = cpu.secondsUsed(ProcessHandle.current());
        long spin = 0;
        for (long i = 0; i < 300_000_000L; i++) {
            spin += i ^ (spin >>> 3);
        }
        assertThat(spin).isNotZero();
        assertThat(cpu.secondsUsed(ProcessHandle.current())).isGreaterThan(before);

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThat(cpu.secondsUsed(gone.toHandle())).isNaN();
    }

    @Test
    void cpuPerGibDividesByTheGibibytesMoved() {
        assertThat(ProcessCpu.perGiB(12.0, 4.0 * 1024 * 1024 * 1024)).isCloseTo(3.0, within(1e-9));
        assertThat(ProcessCpu.perGiB(Double.NaN, 1024)).isNaN();
        assertThat(ProcessCpu.perGiB(1.0, 0)).isNaN();
    }
}
