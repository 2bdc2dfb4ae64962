package io.runnel.bench;

/**
 * How much each workload sends: the full run (about 25 minutes on 2 cores) or {@code --quick} (under 5). Immutable.
 *
 * @param reps repetitions of each workload per contender (A B A B …)
 * @param produce1k records per 1 KB produce run
 * @param produce100b records per 100-byte produce run
 * @param consume records produced, then consumed, by the consume workload
 * @param pingPong records sent one at a time by EndToEndLatency
 * @param rateSeconds measured seconds of each fixed-rate latency run
 * @param rateWarmupSeconds unmeasured seconds before them, at the same rate: both brokers are still JIT-compiling
 *     their request path for several seconds after start, which a short warm-up measures instead of the steady state
 * @param durable records per durable-mode produce run
 * @param idleSeconds how long a started broker idles before its memory is read
 * @param memoryLoad records produced while the peak memory under load is observed
 */
record Scale(
        int reps,
        long produce1k,
        long produce100b,
        long consume,
        long pingPong,
        int rateSeconds,
        int rateWarmupSeconds,
        long durable,
        int idleSeconds,
        long memoryLoad) {

    static final Scale FULL = new Scale(3, 500_000, 2_500_000, 1_000_000, 3_000, 12, 10, 250_000, 10, 300_000);
    static final Scale QUICK = new Scale(1, 60_000, 300_000, 100_000, 1_000, 4, 3, 20_000, 3, 60_000);

    Scale withReps(int newReps) {
        return new Scale(
                newReps,
                produce1k,
                produce100b,
                consume,
                pingPong,
                rateSeconds,
                rateWarmupSeconds,
                durable,
                idleSeconds,
                memoryLoad);
    }
}
