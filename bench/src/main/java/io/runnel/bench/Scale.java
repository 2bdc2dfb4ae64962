package io.runnel.bench;

/**
 * How much each workload sends: the full run (about 80 minutes on 2 cores, see bench/README.md) or {@code --quick} (a
 * sanity run of a few minutes whose figures mean nothing). Every throughput case measures a steady state: an
 * unmeasured warm-up on the same broker JVM, then a measured run sized from the warm-up's rate to last {@code
 * measureSeconds}, but at most {@code maxRecords}. Immutable.
 *
 * @param reps repetitions of each workload per contender (the order flipped on every repetition)
 * @param warmup1k records of the unmeasured warm-up before each 1 KB produce case (also before each durable case)
 * @param warmup100b records of the unmeasured warm-up before each 100-byte produce case
 * @param measureSeconds the steady state each measured throughput run lasts at least (unless it hits maxRecords)
 * @param maxRecords the most records a measured run sends (or a consume run reads)
 * @param minRecords the fewest records a measured produce run sends, whatever the warm-up's rate
 * @param consume records produced (not measured), then read back, by the consume workload
 * @param consumeWarmup records read once, not measured, before the consume workload's measured reads
 * @param pingPong records sent one at a time by EndToEndLatency
 * @param rateSeconds measured seconds of each fixed-rate latency run
 * @param rateWarmupSeconds unmeasured seconds before them, at the same rate: both brokers are still JIT-compiling
 *     their request path for several seconds after start, which a short warm-up measures instead of the steady state
 * @param idleSeconds how long a started broker idles before its memory is read
 * @param memoryLoad records produced while the peak memory under load is observed
 */
record Scale(
        int reps,
        long warmup1k,
        long warmup100b,
        int measureSeconds,
        long maxRecords,
        long minRecords,
        long consume,
        long consumeWarmup,
        long pingPong,
        int rateSeconds,
        int rateWarmupSeconds,
        int idleSeconds,
        long memoryLoad) {

    static final Scale FULL =
            new Scale(5, 500_000, 2_000_000, 15, 5_000_000, 100_000, 5_000_000, 1_000_000, 3_000, 15, 10, 10, 300_000);
    static final Scale QUICK = new Scale(2, 20_000, 50_000, 2, 200_000, 10_000, 60_000, 20_000, 300, 3, 2, 2, 20_000);

    Scale withReps(int newReps) {
        if (newReps < 1) {
            throw new IllegalArgumentException("--reps must be at least 1, got " + newReps);
        }
        return new Scale(
                newReps,
                warmup1k,
                warmup100b,
                measureSeconds,
                maxRecords,
                minRecords,
                consume,
                consumeWarmup,
                pingPong,
                rateSeconds,
                rateWarmupSeconds,
                idleSeconds,
                memoryLoad);
    }

    /**
     * Records for a measured produce run that should last {@code measureSeconds} in its steady state, given the rate
     * the unmeasured warm-up reached; the tool's own warm-up ({@code toolWarmupFraction} of the records, the client
     * JVM's) comes on top. Between {@code minRecords} and {@code maxRecords}.
     */
    long measuredRecords(double warmupRecordsPerSec, double toolWarmupFraction) {
        if (!(warmupRecordsPerSec > 0)) {
            return minRecords;
        }
        double steady = warmupRecordsPerSec * measureSeconds;
        long wanted = (long) Math.ceil(steady / (1 - toolWarmupFraction));
        return Math.max(minRecords, Math.min(maxRecords, wanted));
    }
}
