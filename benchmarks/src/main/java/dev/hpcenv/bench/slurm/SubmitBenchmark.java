package dev.hpcenv.bench.slurm;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClientConfig;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.auth.SlurmCredentials;
import dev.hpcenv.slurm.http.HttpSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submit throughput of the client beside raw HTTP (curl) and an sbatch loop, in one run: the
 * client stays warm in this JVM while the three take turns, round after round, in rotating order, so
 * that a busy machine disturbs them alike; medians are compared. dev/bench-slurm.sh prepares the
 * shell phases ({@code curl.sh}, {@code sbatch.sh}, {@code drain.sh} in WORKDIR) and runs this.
 *
 * <p>Usage: SubmitBenchmark URL USER JWT_KEY_FILE API JOBS CONCURRENCY HOLD ROUNDS WORKDIR
 */
public final class SubmitBenchmark {

    /** The JVM needs a couple of thousand requests to reach its steady state, as a long-running operator has. */
    private static final int WARMUP_PINGS = 2000;

    private static final int WARMUP_JOBS = 300;
    private static final String CLIENT = "hpcenv client (pooled)";
    private static final String CURL = "raw HTTP (curl --parallel)";
    private static final String SBATCH = "sbatch loop";

    private SubmitBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: SubmitBenchmark URL USER JWT_KEY_FILE API JOBS CONCURRENCY HOLD ROUNDS WORKDIR");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        String user = args[1];
        Path key = Path.of(args[2]);
        Optional<ApiVersion> api = ApiVersion.parseChoice(args[3]);
        int jobs = Integer.parseInt(args[4]);
        int concurrency = Integer.parseInt(args[5]);
        boolean hold = Boolean.parseBoolean(args[6]);
        int rounds = Integer.parseInt(args[7]);
        Path work = Path.of(args[8]);

        SlurmClientConfig config = SlurmClientConfig.of(
                        url, user, SlurmCredentials.jwtKeyFile(key, Duration.ofHours(1)))
                .withApi(api)
                .withHttp(HttpSettings.DEFAULT.withMaxIdleConnections(concurrency));
        JobSubmission submission = JobSubmission.builder("#!/bin/sh\ntrue\n")
                .name("hpcenv-bench-client")
                .env("PATH", "/usr/bin:/bin")
                .workdir("/tmp")
                .standardOutput("/dev/null")
                .timeLimit(Duration.ofMinutes(1))
                .hold(hold)
                .build();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        rates.put(CLIENT, new ArrayList<>());
        rates.put(CURL, new ArrayList<>());
        rates.put(SBATCH, new ArrayList<>());
        try (SlurmClient client = SlurmClients.connect(config)) {
            runCalls(concurrency, WARMUP_PINGS, client::ping);
            runSubmits(client, submission, WARMUP_JOBS, concurrency);
            shell(work, "drain.sh", "hpcenv-bench-client");
            List<String> order = new ArrayList<>(rates.keySet());
            for (int round = 1; round <= rounds; round++) {
                for (String method : order) {
                    long started = System.nanoTime();
                    int failed = switch (method) {
                        case CLIENT -> runSubmits(client, submission, jobs, concurrency);
                        case CURL ->
                            jobs - Integer.parseInt(shell(work, "curl.sh").strip());
                        default -> Integer.parseInt(shell(work, "sbatch.sh").strip());
                    };
                    double seconds = (System.nanoTime() - started) / 1e9;
                    double rate = jobs / seconds;
                    rates.get(method).add(rate);
                    System.out.printf(
                            "  round %d  %-28s %8.1f jobs/s  (%.2f s, %d failed)%n",
                            round, method, rate, seconds, failed);
                    shell(
                            work,
                            "drain.sh",
                            switch (method) {
                                case CLIENT -> "hpcenv-bench-client";
                                case CURL -> "hpcenv-bench-curl";
                                default -> "hpcenv-bench-sbatch";
                            });
                }
                order.add(order.remove(0)); // rotate, so no method always runs first
            }
        }
        System.out.println("median of " + rounds + " rounds, " + jobs + " jobs each, concurrency " + concurrency + ":");
        Map<String, Double> medians = new LinkedHashMap<>();
        rates.forEach((method, values) -> {
            medians.put(method, median(values));
            System.out.printf("  %-28s %8.1f jobs/s%n", method, medians.get(method));
        });
        double vsCurl = medians.get(CLIENT) / medians.get(CURL);
        double vsSbatch = medians.get(CLIENT) / medians.get(SBATCH);
        System.out.printf(
                "  client / raw HTTP = %.2fx (target >= 0.9x)   client / sbatch = %.2fx (target >= 2x)%n",
                vsCurl, vsSbatch);
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Runs one of the prepared phase scripts and returns what it printed. */
    private static String shell(Path work, String script, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("bash", work.resolve(script).toString()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(script + " failed");
        }
        return out;
    }

    private static void runCalls(int concurrency, int calls, Runnable call) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int i = 0; i < calls; i++) {
            pool.execute(call);
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
    }

    private static int runSubmits(SlurmClient client, JobSubmission submission, int jobs, int concurrency)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger failures = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            futures.add(pool.submit(() -> {
                try {
                    client.submit(submission);
                } catch (SlurmException e) {
                    if (failures.getAndIncrement() == 0) {
                        System.err.println("bench: " + e.getMessage());
                    }
                }
            }));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failures.incrementAndGet();
            }
        }
        pool.shutdown();
        return failures.get();
    }
}
