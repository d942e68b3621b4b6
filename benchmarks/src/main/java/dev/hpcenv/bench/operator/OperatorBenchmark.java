package dev.hpcenv.bench.operator;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.SecretKeyRef;
import dev.hpcenv.crd.v1alpha1.SlurmAuth;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.SlurmClusterSpec;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.launcher.HpcenvApi;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClientConfig;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.auth.SlurmCredentials;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The operator's submit path and sync against a real Slurm, in one run (dev/bench-operator.sh starts
 * a Slurm of its own and runs this): HpcJobs created at once against the same submissions made
 * directly with slurm-bridge, creation-to-job-id latency, slurmrestd requests per sync interval at
 * 10, 100 and about 1000 active HpcJobs, and the operator's heap after GC with many HpcJobs. Every
 * job is submitted held. The embedded API runs in this JVM, the operator in a JVM of its own.
 *
 * <p>Usage: see {@link BenchSettings#USAGE}.
 */
public final class OperatorBenchmark {

    private static final String NAMESPACE = "opbench";
    private static final String DIRECT_NAMESPACE = "opbench-direct";
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(10);
    private static final int STEADY_JOBS = 100;
    private static final int MEASURED_LISTINGS = 5;
    private static final int MEMORY_TARGET_JOBS = 10_000;

    private final BenchSettings settings;
    private final KubernetesClient client;
    private final OperatorUnderTest operator;
    private final SubmitWatch watch;
    private final DirectSubmitter direct;
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private final ResultTable table = new ResultTable();

    private OperatorBenchmark(
            BenchSettings settings,
            KubernetesClient client,
            OperatorUnderTest operator,
            SubmitWatch watch,
            DirectSubmitter direct) {
        this.settings = settings;
        this.client = client;
        this.operator = operator;
        this.watch = watch;
        this.direct = direct;
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args, System.getenv("BENCH_ONLY"), System.getenv("BENCH_WARMUP_JOBS"));
        } catch (IllegalArgumentException e) {
            System.err.println("bench-operator: " + e.getMessage());
            System.exit(2);
            return;
        }
        SlurmClientConfig slurmConfig = SlurmClientConfig.of(
                settings.slurmUrl(),
                settings.slurmUser(),
                SlurmCredentials.jwtKeyFile(settings.jwtKey(), Duration.ofHours(1)));
        try (EmbeddedKubernetesApi api = HpcenvApi.onPort(0).start();
                KubernetesClient client = HpcenvApi.client(api);
                SlurmClient slurm = SlurmClients.connect(slurmConfig)) {
            Path kubeconfig = settings.work().resolve("kubeconfig");
            api.writeKubeconfig(kubeconfig);
            createCluster(client, settings);
            try (OperatorUnderTest operator =
                            OperatorUnderTest.start(kubeconfig, settings.work(), settings.concurrency());
                    SubmitWatch watch = new SubmitWatch(
                            java.net.URI.create(client.getMasterUrl().toString()), NAMESPACE)) {
                OperatorBenchmark bench = new OperatorBenchmark(
                        settings, client, operator, watch, new DirectSubmitter(slurm, settings.concurrency()));
                try {
                    bench.run();
                } catch (RuntimeException | AssertionError e) {
                    System.err.println(
                            "bench-operator: " + e.getMessage() + "\n--- operator log (tail)\n" + operator.logTail());
                    throw e;
                }
            }
        }
    }

    private static void createCluster(KubernetesClient client, BenchSettings settings) throws Exception {
        for (String ns : List.of("hpcenv-system", NAMESPACE)) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        client.secrets()
                .inNamespace("hpcenv-system")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("slurm-jwt")
                        .endMetadata()
                        .withData(Map.of(
                                "jwt_hs256.key",
                                Base64.getEncoder().encodeToString(Files.readAllBytes(settings.jwtKey()))))
                        .build())
                .create();
        SlurmCluster cluster = new SlurmCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(BenchJobs.CLUSTER).build());
        SlurmClusterSpec spec = new SlurmClusterSpec();
        spec.setUrl(settings.slurmUrl().toString());
        SlurmAuth auth = new SlurmAuth();
        auth.setJwtKeySecretRef(new SecretKeyRef("hpcenv-system", "slurm-jwt", "jwt_hs256.key"));
        spec.setAuth(auth);
        spec.setUserMappings(new ArrayList<>(List.of(new UserMapping(NAMESPACE, settings.slurmUser(), null))));
        spec.setSyncIntervalSeconds(settings.syncSeconds());
        cluster.setSpec(spec);
        client.resource(cluster).create();
    }

    private void run() throws Exception {
        awaitUntil("SlurmCluster " + BenchJobs.CLUSTER + " Ready", Duration.ofMinutes(2), this::clusterReady);
        UserMapping mapping = new UserMapping(DIRECT_NAMESPACE, settings.slurmUser(), null);

        int warmup = settings.warmupJobs();
        progress("warm-up: " + warmup + " HpcJobs and " + warmup + " direct submissions");
        awaitSubmitted(createAtOnce("warm", warmup));
        deleteAll("warm");
        SlurmCancel.cancel(direct.submit(DIRECT_NAMESPACE, warmup, mapping, BenchJobs.resolved())
                .jobIds());

        Percentiles steadyLatency = null;
        RequestRate at100 = null;
        RequestRate at10 = null;
        if (!settings.burstOnly()) {
            progress("latency: " + STEADY_JOBS + " HpcJobs, one at a time");
            List<Duration> steady = new ArrayList<>();
            for (int i = 0; i < STEADY_JOBS; i++) {
                String name = "steady-" + i;
                create(name);
                if (!watch.await(name, Duration.ofMinutes(1))) {
                    throw new IllegalStateException(name + " got no Slurm job id within a minute");
                }
                steady.add(latency(name));
            }
            steadyLatency = Percentiles.of(steady);
            at100 = requestsPerInterval();
            progress("requests per interval with " + STEADY_JOBS + " active: " + at100);
            deleteWhere(name -> name.startsWith("steady-") && Integer.parseInt(name.substring(7)) >= 10);
            at10 = requestsPerInterval();
            progress("requests per interval with 10 active: " + at10);
        }

        int burst = settings.burstJobs();
        progress("rate: " + burst + " direct submissions, " + burst + " HpcJobs at once, " + burst + " direct again");
        CpuAccount cpu = CpuAccount.of(operator.pid(), Path.of(System.getenv().getOrDefault("SLURM_CONF", "/")));
        CpuAccount.Snapshot directBeforeCpu = cpu.snapshot();
        DirectSubmitter.Round directBefore = direct.submit(DIRECT_NAMESPACE, burst, mapping, BenchJobs.resolved());
        CpuAccount.Usage directCpu = cpu.snapshot().since(directBeforeCpu);
        SlurmCancel.cancel(directBefore.jobIds());
        CpuAccount.Snapshot burstCpu = cpu.snapshot();
        long burstStart = System.nanoTime();
        List<String> burstNames = createAtOnce("burst", burst);
        Duration creating = Duration.ofNanos(System.nanoTime() - burstStart);
        MetricsText beforeBurst = operator.metrics();
        awaitSubmitted(burstNames);
        long burstEnd = burstNames.stream().mapToLong(watch::seenAt).max().orElseThrow();
        Duration operatorElapsed = Duration.ofNanos(burstEnd - burstStart);
        Percentiles burstLatency =
                Percentiles.of(burstNames.stream().map(this::latency).toList());
        CpuAccount.Usage operatorCpu = cpu.snapshot().since(burstCpu);
        MetricsText afterBurst = operator.metrics();
        progress("burst: creating the HpcJobs took %s; the operator's reconciles took %.1f ms on average"
                .formatted(ms(creating), meanMillis(beforeBurst, afterBurst, OperatorMetrics.RECONCILE_TIME)));
        progress("CPU, direct: " + directCpu.perJob(burst));
        progress("CPU, operator burst: " + operatorCpu.perJob(burst));
        progress("operator log so far: " + operator.logLinesContaining("reconcile failed") + " failed reconciles, "
                + operator.logLinesContaining(" ERROR ") + " errors");
        DirectSubmitter.Round directAfter = direct.submit(DIRECT_NAMESPACE, burst, mapping, BenchJobs.resolved());
        SlurmCancel.cancel(directAfter.jobIds());

        double operatorRate = burst / seconds(operatorElapsed);
        double directRate = 2 * burst / (seconds(directBefore.elapsed()) + seconds(directAfter.elapsed()));
        table.row(
                "submit rate, " + burst + " HpcJobs at once",
                "%.1f jobs/s".formatted(operatorRate),
                "direct slurm-bridge %.1f jobs/s (%.1f before, %.1f after)"
                        .formatted(
                                directRate,
                                burst / seconds(directBefore.elapsed()),
                                burst / seconds(directAfter.elapsed())),
                null);
        table.row(
                "operator / direct",
                "%.2fx".formatted(operatorRate / directRate),
                "target >= 0.8x",
                operatorRate / directRate >= 0.8);
        if (steadyLatency != null) {
            table.row(
                    "creation -> job id in status, p50 (one at a time)",
                    ms(steadyLatency.p50()),
                    "target < 100 ms",
                    steadyLatency.p50().toMillis() < 100);
            table.row("creation -> job id in status, p99 (one at a time)", ms(steadyLatency.p99()), "-", null);
        }
        table.row(
                "creation -> job id in status, p50 (" + burst + " at once)",
                ms(burstLatency.p50()),
                "queueing: %d jobs / %.0f jobs/s = %s for the last".formatted(burst, operatorRate, ms(operatorElapsed)),
                null);
        table.row("creation -> job id in status, p99 (" + burst + " at once)", ms(burstLatency.p99()), "-", null);
        measureArray(burst, cpu, operatorElapsed, operatorCpu);
        if (!settings.burstOnly()) {
            measureSyncAndMemory(burst, at10, at100);
        }
        // Deletion: each HpcJob's finalizer cancels its Slurm job, then the HpcJob goes. Measured with
        // one DELETE per HpcJob from this client; kubectl delete --all adds its own client-side
        // throttling (5 requests/s) against an API server that does not announce priority and fairness.
        long deleteStart = System.nanoTime();
        deleteAll("burst");
        Duration deleting = Duration.ofNanos(System.nanoTime() - deleteStart);
        table.row(
                "delete " + burst + " HpcJobs (each cancels its Slurm job) -> all gone",
                ms(deleting),
                "%.0f HpcJobs/s".formatted(burst / seconds(deleting)),
                null);
        System.out.println();
        System.out.println("operator benchmark: held jobs on the benchmark's own Slurm, sync interval "
                + settings.syncSeconds() + " s, " + settings.concurrency() + " reconcile threads / direct threads, "
                + settings.warmupJobs() + " of each to warm up, "
                + Runtime.getRuntime().availableProcessors() + " CPUs"
                + (settings.burstOnly()
                        ? " (BENCH_ONLY=burst: latency one at a time, requests per interval and heap not measured)"
                        : ""));
        table.print(System.out);
    }

    /**
     * One HpcJob of {@code elements} array elements against the burst of as many HpcJobs just measured: the
     * time from the create request to the Slurm id in status (one submission makes every element) and to
     * the elements counted in status (the next listing), and the operator's CPU over that time.
     */
    private void measureArray(int elements, CpuAccount cpu, Duration hpcJobsElapsed, CpuAccount.Usage hpcJobsCpu)
            throws Exception {
        progress("array: one HpcJob of " + elements + " elements");
        String name = "array-0";
        HpcJob job = BenchJobs.held(NAMESPACE, name);
        job.getSpec().setArray("0-" + (elements - 1));
        CpuAccount.Snapshot before = cpu.snapshot();
        long start = System.nanoTime();
        createdAt.put(name, start);
        client.resource(job).create();
        awaitSubmitted(List.of(name));
        Duration submitted = Duration.ofNanos(watch.seenAt(name) - start);
        awaitUntil("HpcJob " + name + " with its " + elements + " elements counted", PHASE_TIMEOUT, () -> {
            HpcJob j = client.resources(HpcJob.class)
                    .inNamespace(NAMESPACE)
                    .withName(name)
                    .get();
            return j != null
                    && j.getStatus() != null
                    && j.getStatus().getArray() != null
                    && j.getStatus().getArray().getPending() == elements;
        });
        Duration counted = Duration.ofNanos(System.nanoTime() - start);
        CpuAccount.Usage arrayCpu = cpu.snapshot().since(before);
        progress("CPU, array: " + arrayCpu.perJob(elements));
        table.row(
                elements + " array elements as 1 HpcJob: creation -> all submitted (id in status)",
                ms(submitted),
                elements + " HpcJobs at once: " + ms(hpcJobsElapsed),
                null);
        table.row(
                elements + " array elements as 1 HpcJob: creation -> elements counted in status",
                ms(counted),
                "the next listing (sync interval " + settings.syncSeconds() + " s)",
                null);
        table.row(
                elements + " array elements as 1 HpcJob: operator CPU",
                "%.2f s".formatted(arrayCpu.seconds().getOrDefault("operator", 0.0)),
                elements
                        + " HpcJobs at once: %.2f s"
                                .formatted(hpcJobsCpu.seconds().getOrDefault("operator", 0.0)),
                null);
        deleteAll("array");
    }

    /** Requests per sync interval with the burst active, and the operator's heap (not in BENCH_ONLY=burst). */
    private void measureSyncAndMemory(int burst, RequestRate at10, RequestRate at100) throws Exception {
        int active = 10 + burst;
        RequestRate atBurst = requestsPerInterval();
        progress("requests per interval with " + active + " active: " + atBurst);

        long heapAtBurst = operator.heapUsedAfterGc();
        int more = Math.max(0, settings.memoryJobs() - active);
        progress("memory: heap after GC with " + active + " HpcJobs: " + mib(heapAtBurst) + "; " + more
                + " more HpcJobs, to " + (active + more));
        awaitSubmitted(createAtOnce("mem", more));
        requestsPerInterval(); // lets the listings and status writes of the last jobs settle
        long heap = operator.heapUsedAfterGc();

        for (Map.Entry<Integer, RequestRate> e :
                Map.of(10, at10, STEADY_JOBS, at100, active, atBurst).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .toList()) {
            table.row(
                    "slurmrestd requests / sync interval, " + e.getKey() + " active",
                    e.getValue().toString(),
                    "per-job polling: %d; target: flat".formatted(e.getKey() + 1),
                    e.getValue().total() <= at10.total() + 1);
        }
        table.row("operator heap after GC, " + active + " HpcJobs", mib(heapAtBurst), "-", null);
        int measuredJobs = active + more;
        if (measuredJobs >= MEMORY_TARGET_JOBS || more == 0) {
            table.row(
                    "operator heap after GC, " + measuredJobs + " HpcJobs",
                    mib(heap),
                    "target < 512 MiB",
                    measuredJobs >= MEMORY_TARGET_JOBS ? heap < 512L * 1048576 : null);
        } else {
            // The growth per HpcJob between two sizes gives the 10 000 figure without creating them all,
            // when the two sizes are far enough apart for the growth to stand out of the heap's noise.
            double perJob = (heap - heapAtBurst) / (double) more;
            table.row("operator heap after GC, " + measuredJobs + " HpcJobs", mib(heap), "-", null);
            table.row("  growth per HpcJob", "%.1f KiB".formatted(perJob / 1024), "-", null);
            if (perJob > 0) {
                long extrapolated = heap + Math.round(perJob * (MEMORY_TARGET_JOBS - measuredJobs));
                table.row(
                        "  extrapolated to " + MEMORY_TARGET_JOBS + " HpcJobs",
                        mib(extrapolated),
                        "target < 512 MiB (MEMORY_JOBS=" + MEMORY_TARGET_JOBS + " measures it)",
                        extrapolated < 512L * 1048576);
            } else {
                table.row(
                        "  extrapolated to " + MEMORY_TARGET_JOBS + " HpcJobs",
                        "-",
                        "growth lost in the noise: MEMORY_JOBS=" + MEMORY_TARGET_JOBS + " measures it",
                        null);
            }
        }
    }

    private boolean clusterReady() {
        SlurmCluster cluster =
                client.resources(SlurmCluster.class).withName(BenchJobs.CLUSTER).get();
        return cluster != null
                && cluster.getStatus() != null
                && cluster.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && Condition.TRUE.equals(c.getStatus()));
    }

    private void create(String name) {
        createdAt.put(name, System.nanoTime());
        client.resource(BenchJobs.held(NAMESPACE, name)).create();
    }

    /** Creates {@code count} HpcJobs from as many threads as the operator reconciles with. */
    private List<String> createAtOnce(String prefix, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency());
        try {
            List<String> names = new ArrayList<>();
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = prefix + "-" + i;
                names.add(name);
                created.add(pool.submit(() -> create(name)));
            }
            for (Future<?> f : created) {
                f.get();
            }
            return names;
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitSubmitted(List<String> names) throws InterruptedException {
        awaitUntil(
                names.size() + " HpcJobs with a Slurm job id",
                PHASE_TIMEOUT,
                () -> names.stream().allMatch(n -> watch.seenAt(n) != null));
    }

    private void deleteAll(String prefix) throws InterruptedException {
        deleteWhere(name -> name.startsWith(prefix + "-"));
    }

    /** Deletes HpcJobs (the finalizer cancels their Slurm jobs) and waits until they are gone. */
    private void deleteWhere(java.util.function.Predicate<String> which) throws InterruptedException {
        List<HpcJob> doomed = client.resources(HpcJob.class).inNamespace(NAMESPACE).list().getItems().stream()
                .filter(j -> which.test(j.getMetadata().getName()))
                .toList();
        doomed.forEach(j -> client.resources(HpcJob.class)
                .inNamespace(NAMESPACE)
                .withName(j.getMetadata().getName())
                .delete());
        awaitUntil(
                doomed.size() + " HpcJobs deleted",
                PHASE_TIMEOUT,
                () -> client.resources(HpcJob.class).inNamespace(NAMESPACE).list().getItems().stream()
                        .noneMatch(j -> which.test(j.getMetadata().getName())));
    }

    /** Requests per listing over the next few listings, once a first listing has passed (settling). */
    private RequestRate requestsPerInterval() throws InterruptedException {
        double start = operator.metrics().sum(OperatorMetrics.LISTINGS);
        awaitUntil("a listing", PHASE_TIMEOUT, () -> operator.metrics().sum(OperatorMetrics.LISTINGS) >= start + 1);
        MetricsText before = operator.metrics();
        double from = before.sum(OperatorMetrics.LISTINGS);
        awaitUntil(
                MEASURED_LISTINGS + " listings",
                PHASE_TIMEOUT,
                () -> operator.metrics().sum(OperatorMetrics.LISTINGS) >= from + MEASURED_LISTINGS);
        MetricsText after = operator.metrics();
        return RequestRate.between(before, after);
    }

    /** The mean of a histogram's observations between two scrapes, in ms (NaN when it has none). */
    private static double meanMillis(MetricsText before, MetricsText after, String histogram) {
        double count = after.sum(histogram + "_count") - before.sum(histogram + "_count");
        return 1000 * (after.sum(histogram + "_sum") - before.sum(histogram + "_sum")) / count;
    }

    private Duration latency(String name) {
        return Duration.ofNanos(watch.seenAt(name) - createdAt.get(name));
    }

    private static void awaitUntil(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void progress(String line) {
        System.out.println("bench-operator: " + line);
    }

    private static String mib(long bytes) {
        return "%.0f MiB".formatted(bytes / 1048576.0);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String ms(Duration d) {
        return d.toNanos() / 1e6 < 10 ? "%.1f ms".formatted(d.toNanos() / 1e6) : "%d ms".formatted(d.toMillis());
    }
}
