package dev.hpcenv.operator.metrics;

import dev.hpcenv.operator.metrics.MetricsRegistry.Labels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/** The operator's metrics by name; see operator/README.md for the list. */
public final class OperatorMetrics {

    public static final String JOBS = "hpcenv_hpcjobs";
    public static final String SUBMIT_LATENCY = "hpcenv_submit_latency_seconds";
    public static final String SLURM_REQUESTS = "hpcenv_slurmrestd_requests_total";
    public static final String SLURM_ERRORS = "hpcenv_slurmrestd_errors_total";
    public static final String RECONCILE_TIME = "hpcenv_reconcile_seconds";
    public static final String LISTINGS = "hpcenv_job_listings_total";
    public static final String ORPHANS_CANCELLED = "hpcenv_orphaned_jobs_cancelled_total";

    private static final double[] LATENCY_BOUNDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final MetricsRegistry registry = new MetricsRegistry();

    public OperatorMetrics() {
        registry.declareHistogram(SUBMIT_LATENCY, "Seconds from HpcJob creation to its Slurm job id.", LATENCY_BOUNDS);
        registry.declareCounter(SLURM_REQUESTS, "slurmrestd requests by cluster and call.");
        registry.declareCounter(SLURM_ERRORS, "Failed slurmrestd requests by cluster, call and kind.");
        registry.declareHistogram(RECONCILE_TIME, "Seconds spent in one reconcile, by kind.", LATENCY_BOUNDS);
        registry.declareCounter(LISTINGS, "Job listings made, by cluster (one per sync interval).");
        registry.declareCounter(
                ORPHANS_CANCELLED,
                "Slurm jobs of this installation cancelled because their HpcJob " + "no longer existed, by cluster.");
    }

    /** Registers the jobs-by-phase gauge; {@code counts} is read at every scrape. */
    public void jobsByPhase(Supplier<Map<String, Long>> counts) {
        registry.declareGauge(JOBS, "HpcJobs by phase.", () -> {
            Map<Labels, Double> values = new java.util.TreeMap<>();
            counts.get().forEach((phase, n) -> values.put(Labels.of("phase", phase), n.doubleValue()));
            return values;
        });
    }

    public void submitLatency(Duration sinceCreation) {
        registry.observe(SUBMIT_LATENCY, Labels.NONE, Math.max(0, sinceCreation.toNanos() / 1e9));
    }

    public void slurmRequest(String cluster, String call) {
        registry.increment(SLURM_REQUESTS, Labels.of("cluster", cluster, "call", call));
    }

    public void slurmError(String cluster, String call, String kind) {
        registry.increment(SLURM_ERRORS, Labels.of("cluster", cluster, "call", call, "kind", kind));
    }

    public void listing(String cluster) {
        registry.increment(LISTINGS, Labels.of("cluster", cluster));
    }

    public void orphanCancelled(String cluster) {
        registry.increment(ORPHANS_CANCELLED, Labels.of("cluster", cluster));
    }

    public void reconcileTime(String kind, Duration elapsed) {
        registry.observe(RECONCILE_TIME, Labels.of("kind", kind), elapsed.toNanos() / 1e9);
    }

    /** Runs one reconcile of {@code kind} and records how long it took, also when it throws. */
    public <T> T timeReconcile(String kind, Clock clock, Supplier<T> reconcile) {
        Instant start = clock.instant();
        try {
            return reconcile.get();
        } finally {
            reconcileTime(kind, Duration.between(start, clock.instant()));
        }
    }

    public long slurmRequests(String cluster, String call) {
        return registry.counterValue(SLURM_REQUESTS, Labels.of("cluster", cluster, "call", call));
    }

    public String scrape() {
        return registry.scrape();
    }
}
