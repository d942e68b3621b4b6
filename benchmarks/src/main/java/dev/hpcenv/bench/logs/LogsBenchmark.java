package dev.hpcenv.bench.logs;

import dev.hpcenv.bench.logs.TimedRun.Result;
import dev.hpcenv.operator.logs.LogEvents;
import dev.hpcenv.operator.logs.ingest.IngestServer;
import dev.hpcenv.operator.logs.ingest.IngestTokens;
import dev.hpcenv.operator.logs.store.LogSettings;
import dev.hpcenv.operator.logs.store.LogStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.LongStream;

/**
 * A task's runtime with and without the log path (docs/job-output.md), in one run: the shim runs a
 * paced writer on the node itself (no image, so the log path is the only difference), alternately
 * with {@code HPCENV_LOG_URL}/{@code HPCENV_LOG_TOKEN} pointing at an ingest server and store in
 * this JVM and without them. A follower in this JVM reads each shipped job's log with {@code
 * LogStore.read(follow)} and takes each line's delivery latency. dev/bench-logs.sh prepares the
 * shim, the test user and the writer and runs this.
 *
 * <p>Operator CPU is this JVM's process CPU during a shipped run minus the CPU of the follower's
 * and the main thread: what remains is the ingest server's threads, the store's writes, and the
 * JVM's GC and JIT, which serve the ingest side almost only.
 *
 * <p>Usage: LogsBenchmark SHIM USER WORKDIR SECONDS ROUNDS WRITER
 */
public final class LogsBenchmark {
    static final int LINES_PER_SECOND = 1000;
    static final int LINE_BYTES = 10_000;
    static final double TARGET_RATIO = 1.02;

    private LogsBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: LogsBenchmark SHIM USER WORKDIR SECONDS ROUNDS WRITER");
            System.exit(2);
        }
        Path shim = Path.of(args[0]);
        String user = args[1];
        Path work = Path.of(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        Path writer = Path.of(args[5]);

        BenchJobs jobs = new BenchJobs();
        LogStore store = new LogStore(
                work.resolve("logs"), LogSettings.DEFAULT_MAX_BYTES, Duration.ofDays(1), jobs, Clock.systemUTC());
        IngestTokens tokens = IngestTokens.loadOrCreate(work.resolve("logs"));
        List<Result> without = new ArrayList<>();
        List<Result> with = new ArrayList<>();
        try (IngestServer server = IngestServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(),
                tokens,
                store,
                LogEvents.NONE)) {
            String url = "http://127.0.0.1:" + server.address().getPort();
            TimedRun runs = new TimedRun(shim, user, work, seconds, writer, store, jobs, tokens, url);
            for (int round = 1; round <= rounds; round++) {
                // Alternating order, so that a drift of the machine's load hits both sides alike.
                boolean shippedFirst = round % 2 == 0;
                for (boolean shipped : shippedFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    Result r = runs.run(round, shipped);
                    (shipped ? with : without).add(r);
                    System.err.printf(
                            "bench-logs: round %d %s: %.2f s%n",
                            round, shipped ? "with log path" : "without", r.seconds());
                }
            }
        }
        print(user, seconds, rounds, without, with);
    }

    private static void print(String user, int seconds, int rounds, List<Result> without, List<Result> with) {
        long written = (long) seconds * LINES_PER_SECOND * LINE_BYTES;
        double mbWritten = written / 1e6;
        System.out.println();
        System.out.printf(
                "hpcenv job-output benchmark (%d cores, load %s, as %s): a host task writing %d lines/s of %d bytes"
                        + " (%.0f MB/s) for %d s, %d rounds alternating%n",
                Runtime.getRuntime().availableProcessors(),
                loadAverage(),
                user,
                LINES_PER_SECOND,
                LINE_BYTES,
                LINES_PER_SECOND * (double) LINE_BYTES / 1e6,
                seconds,
                rounds);
        System.out.printf("%-52s %20s %20s%n", "", "without log path", "with log path");
        row("job runtime, median (s)", without, with, Result::seconds, "%.2f");
        System.out.printf(
                "  %-50s %20s %20s%n", "each round (s)", each(without, Result::seconds), each(with, Result::seconds));
        row("writer finished past its last deadline, median (ms)", without, with, r -> r.lateMillis(), "%.1f");
        row("bytes in the output file, median", without, with, r -> r.fileBytes(), "%.0f");
        double ratio = median(with, Result::seconds) / median(without, Result::seconds);
        System.out.printf(
                "  runtime with/without = %.3f (target <= %.2f: %s)%n",
                ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "met" : "NOT met");
        System.out.println();
        System.out.printf("%-52s %20d%n", "bytes written by the task per run", written);
        System.out.printf(
                "%-52s %30s%n",
                "delivered to the store (outputBytes), each round", each(with, r -> r.deliveredBytes()));
        long shortfall =
                with.stream().mapToLong(r -> written - r.deliveredBytes()).max().orElse(0);
        long gaps = with.stream().mapToLong(Result::gaps).sum();
        long dropped = with.stream().mapToLong(Result::droppedBytes).sum();
        long followed = with.stream().mapToLong(Result::followedLines).sum();
        System.out.printf(
                "  largest shortfall %d bytes (%.3f%%); the follower saw %d gap markers naming %d bytes dropped;"
                        + " %d of %d lines, %d other lines%n",
                shortfall,
                100.0 * shortfall / written,
                gaps,
                dropped,
                followed,
                (long) seconds * LINES_PER_SECOND * with.size(),
                with.stream().mapToLong(Result::otherLines).sum());
        long[] latencies = with.stream()
                .flatMapToLong(r -> LongStream.of(r.latencies()))
                .sorted()
                .toArray();
        if (latencies.length > 0) {
            System.out.printf(
                    "%-52s %9.1f ms p50 %9.1f ms p99 %9.1f ms max (%d lines)%n",
                    "delivery latency (write -> follower)",
                    percentile(latencies, 0.50) / 1e6,
                    percentile(latencies, 0.99) / 1e6,
                    latencies[latencies.length - 1] / 1e6,
                    latencies.length);
        }
        double cpu = with.stream().mapToDouble(r -> r.operatorCpuNanos() / 1e9).sum();
        double mb = with.stream().mapToDouble(r -> r.deliveredBytes() / 1e6).sum();
        System.out.printf(
                "%-52s %9.2f s per run (median) %6.2f ms per MB (%.1f%% of a core at %.0f MB/s)%n",
                "operator CPU (ingest + store)",
                median(with, r -> r.operatorCpuNanos() / 1e9),
                1000 * cpu / mb,
                100 * cpu / with.stream().mapToDouble(Result::seconds).sum(),
                mbWritten / seconds);
    }

    private static void row(
            String label, List<Result> without, List<Result> with, ToDoubleFunction<Result> f, String format) {
        System.out.printf(
                "%-52s %20s %20s%n",
                label, String.format(format, median(without, f)), String.format(format, median(with, f)));
    }

    private static String each(List<Result> results, ToDoubleFunction<Result> f) {
        StringBuilder s = new StringBuilder();
        for (Result r : results) {
            double v = f.applyAsDouble(r);
            s.append(s.length() == 0 ? "" : " ")
                    .append(v == Math.rint(v) && v > 1e4 ? String.format("%.0f", v) : String.format("%.2f", v));
        }
        return s.toString();
    }

    static double median(List<Result> results, ToDoubleFunction<Result> f) {
        double[] v = results.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static String loadAverage() {
        try {
            String[] f =
                    java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.join(" ", Arrays.copyOf(f, 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
