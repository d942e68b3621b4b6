package dev.hpcenv.bench.operator;

import java.net.URI;
import java.nio.file.Path;

/**
 * What {@code dev/bench-operator.sh} hands the benchmark.
 *
 * @param slurmUrl        slurmrestd of the benchmark's own Slurm instance
 * @param slurmUser       the Slurm user the benchmark namespace is mapped to
 * @param jwtKey          the instance's JWT signing key file (goes into a Secret, as a site stores it)
 * @param burstJobs       HpcJobs created at once (and direct submissions) for the rate comparison
 * @param memoryJobs      HpcJobs present when the operator's heap is measured
 * @param concurrency     reconcile threads of the operator, and threads of the direct submitter
 * @param syncSeconds     the SlurmCluster's sync interval
 * @param work            a scratch folder (kubeconfig, operator log)
 * @param burstOnly       only the warm-up and the burst rate (env BENCH_ONLY=burst), for quicker iterations
 * @param warmupJobs      HpcJobs and direct submissions before anything is measured (env BENCH_WARMUP_JOBS,
 *                        default 200): the JIT warm-up of both JVMs
 */
record BenchSettings(
        URI slurmUrl,
        String slurmUser,
        Path jwtKey,
        int burstJobs,
        int memoryJobs,
        int concurrency,
        int syncSeconds,
        Path work,
        boolean burstOnly,
        int warmupJobs) {

    static final int DEFAULT_WARMUP_JOBS = 200;

    static final String USAGE = "usage: OperatorBenchmark SLURM_URL SLURM_USER JWT_KEY_FILE BURST_JOBS MEMORY_JOBS "
            + "CONCURRENCY SYNC_SECONDS WORKDIR";

    static BenchSettings parse(String[] args, String only, String warmup) {
        if (args.length != 8) {
            throw new IllegalArgumentException(USAGE);
        }
        boolean burstOnly;
        if (only == null || only.isBlank() || only.equals("all")) {
            burstOnly = false;
        } else if (only.equals("burst")) {
            burstOnly = true;
        } else {
            throw new IllegalArgumentException("BENCH_ONLY: '" + only + "' is not 'burst' or 'all'");
        }
        return new BenchSettings(
                URI.create(args[0]),
                args[1],
                Path.of(args[2]),
                positive(args[3], "BURST_JOBS"),
                positive(args[4], "MEMORY_JOBS"),
                positive(args[5], "CONCURRENCY"),
                positive(args[6], "SYNC_SECONDS"),
                Path.of(args[7]),
                burstOnly,
                warmup == null || warmup.isBlank() ? DEFAULT_WARMUP_JOBS : positive(warmup, "BENCH_WARMUP_JOBS"));
    }

    private static int positive(String value, String name) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": '" + value + "' is not a positive whole number (" + USAGE + ")");
    }
}
