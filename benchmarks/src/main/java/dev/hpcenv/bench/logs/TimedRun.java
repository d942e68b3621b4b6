package dev.hpcenv.bench.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.ingest.IngestTokens;
import dev.hpcenv.operator.logs.store.LogStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One timed {@code hpcenv-shim run} of the writer as the test user, its stdout to a file (as
 * Slurm's output file), with or without the log path; with it, a follower reads the job's log as
 * it arrives.
 */
final class TimedRun {
    /** The follower has the store's grace after the end to finish; more means something is stuck. */
    private static final long FOLLOW_WAIT_SECONDS = LogStore.FOLLOW_GRACE.toSeconds() + 20;

    record Result(
            double seconds,
            double lateMillis,
            long fileBytes,
            long deliveredBytes,
            int followedLines,
            long gaps,
            long droppedBytes,
            long otherLines,
            long[] latencies,
            long operatorCpuNanos) {}

    private final Path shim;
    private final String user;
    private final Path work;
    private final int seconds;
    private final Path writer;
    private final LogStore store;
    private final BenchJobs jobs;
    private final IngestTokens tokens;
    private final String url;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    TimedRun(
            Path shim,
            String user,
            Path work,
            int seconds,
            Path writer,
            LogStore store,
            BenchJobs jobs,
            IngestTokens tokens,
            String url) {
        this.shim = shim;
        this.user = user;
        this.work = work;
        this.seconds = seconds;
        this.writer = writer;
        this.store = store;
        this.jobs = jobs;
        this.tokens = tokens;
        this.url = url;
    }

    Result run(int round, boolean shipped) throws IOException, InterruptedException {
        Path task = work.resolve("task");
        Path output = work.resolve("output");
        Path errors = work.resolve("errors");
        Path summary = task.resolve("summary");
        Files.deleteIfExists(output);
        Files.deleteIfExists(summary);
        ProcessBuilder pb = new ProcessBuilder(
                        "runuser",
                        "-u",
                        user,
                        "--",
                        shim.toString(),
                        "run",
                        "--spec-env",
                        "HPCENV_SPEC",
                        "--argv-env",
                        "HPCENV_ARGV")
                .directory(task.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("HPCENV_LOG_") || k.startsWith("SLURM_"));
        env.put("HPCENV_SHIM_CONFIG", work.resolve("site/shim.toml").toString());
        // No image: the shim runs the command on the node itself.
        env.put("HPCENV_SPEC", "{}");
        env.put(
                "HPCENV_ARGV",
                new ObjectMapper()
                        .writeValueAsString(
                                List.of("python3", writer.toString(), String.valueOf(seconds), summary.toString())));

        String name = "run-" + round + (shipped ? "-shipped" : "-plain");
        String uid = UUID.randomUUID().toString();
        LineLatencies follower = new LineLatencies();
        AtomicLong followerCpu = new AtomicLong();
        AtomicReference<Throwable> followFailure = new AtomicReference<>();
        Thread follow = null;
        if (shipped) {
            jobs.started(name, uid);
            store.name(uid, BenchJobs.NAMESPACE, name);
            env.put("HPCENV_LOG_URL", url);
            env.put("HPCENV_LOG_TOKEN", tokens.mint(uid));
            follow = new Thread(
                    () -> {
                        long cpu0 = threads.getCurrentThreadCpuTime();
                        try {
                            store.read(
                                    BenchJobs.NAMESPACE,
                                    name,
                                    new LogQuery(
                                            true,
                                            LogQuery.ALL.tailLines(),
                                            LogQuery.ALL.since(),
                                            LogQuery.ALL.task(),
                                            LogQuery.ALL.node(),
                                            false,
                                            false,
                                            false),
                                    follower);
                        } catch (Throwable e) {
                            followFailure.set(e);
                        } finally {
                            followerCpu.set(threads.getCurrentThreadCpuTime() - cpu0);
                        }
                    },
                    "bench-follower");
            follow.start();
        }

        long processCpu0 = os.getProcessCpuTime();
        long mainCpu0 = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Process shimProcess = pb.start();
        int exit = shimProcess.waitFor();
        long elapsed = System.nanoTime() - start;
        if (exit != 0) {
            throw new IOException("hpcenv-shim run exited " + exit + "; its stderr:\n" + tail(errors));
        }
        long delivered = 0;
        if (shipped) {
            jobs.ended(name);
            store.jobEnded(uid, Instant.now());
            follow.join(TimeUnit.SECONDS.toMillis(FOLLOW_WAIT_SECONDS));
            if (follow.isAlive()) {
                follow.interrupt();
                follow.join();
                throw new IOException("the follower did not finish " + FOLLOW_WAIT_SECONDS + " s after the job");
            }
            if (followFailure.get() != null) {
                throw new IOException("the follower failed: " + followFailure.get(), followFailure.get());
            }
            delivered = store.outputBytes(uid);
        }
        long operatorCpu = os.getProcessCpuTime()
                - processCpu0
                - followerCpu.get()
                - (threads.getCurrentThreadCpuTime() - mainCpu0);
        String[] writerSummary =
                Files.readString(summary, StandardCharsets.US_ASCII).trim().split(" ");
        long fileBytes = Files.size(output);
        Files.delete(output);
        return new Result(
                elapsed / 1e9,
                Long.parseLong(writerSummary[1]) / 1e6,
                fileBytes,
                delivered,
                follower.lines(),
                follower.gaps(),
                follower.droppedBytes(),
                follower.unparsed(),
                follower.latencies(),
                shipped ? operatorCpu : 0);
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
