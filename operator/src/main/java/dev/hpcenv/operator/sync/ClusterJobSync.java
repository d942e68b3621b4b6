package dev.hpcenv.operator.sync;

import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.SlurmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists each tracked cluster's jobs once per sync interval, whatever the number of HpcJobs, and
 * tells the listeners. Failures back off (doubling, at most {@link #MAX_BACKOFF}) and are kept in the
 * cluster's {@link SyncState} until a listing succeeds again.
 */
public final class ClusterJobSync implements AutoCloseable {

    public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobSync.class);

    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final List<ListingListener> listeners = new CopyOnWriteArrayList<>();
    private final ListingCounter counter;
    private final boolean automatic;

    /** Counts listings (metrics). */
    @FunctionalInterface
    public interface ListingCounter {
        void listed(String cluster);
    }

    public ClusterJobSync(Clock clock, ListingCounter counter) {
        this(clock, counter, true);
    }

    /** A sync that lists only when {@link #listOnce} is called: unit tests step it by hand. */
    public static ClusterJobSync manual(Clock clock) {
        return new ClusterJobSync(clock, cluster -> {}, false);
    }

    private ClusterJobSync(Clock clock, ListingCounter counter, boolean automatic) {
        this.clock = clock;
        this.counter = counter;
        this.automatic = automatic;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "hpcenv-job-sync");
            t.setDaemon(true);
            return t;
        });
    }

    public void addListener(ListingListener listener) {
        listeners.add(listener);
    }

    /** Starts listing {@code cluster} now and every interval until it is closed. */
    public void track(SyncedCluster cluster) {
        if (!automatic) {
            return;
        }
        scheduler.execute(() -> runAndReschedule(cluster));
    }

    private void runAndReschedule(SyncedCluster cluster) {
        if (cluster.isClosed() || scheduler.isShutdown()) {
            return;
        }
        Duration next = listOnce(cluster);
        if (!cluster.isClosed() && !scheduler.isShutdown()) {
            scheduler.schedule(() -> runAndReschedule(cluster), next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One listing now; returns the delay until the next. Public for tests and tools that step the sync by hand. */
    public Duration listOnce(SyncedCluster cluster) {
        SyncState state = cluster.syncState();
        JobListing previous = state.latest().orElse(null);
        boolean wasFailing = state.failure().isPresent();
        Instant started = clock.instant();
        try {
            counter.listed(cluster.name());
            List<JobInfo> jobs = cluster.listingClient().listJobs(Optional.empty());
            JobListing listing = JobListing.of(started, jobs);
            if (DownNodes.worthAsking(previous, jobs)) {
                listing = listing.withDownNodes(downNodes(cluster));
            }
            state.succeeded(listing);
            if (wasFailing) {
                LOG.info("job listing recovered: cluster={} jobs={}", cluster.name(), jobs.size());
            }
            notifyListed(cluster.name(), previous, listing, wasFailing);
            return cluster.syncInterval();
        } catch (SlurmException e) {
            state.failed(e.getMessage(), e.kind().name(), clock.instant());
            SyncState.Failure failure = state.failure().orElseThrow();
            LOG.warn(
                    "job listing failed: cluster={} kind={} consecutive={} error={}",
                    cluster.name(),
                    e.kind(),
                    failure.consecutive(),
                    e.getMessage());
            notifyFailed(cluster.name(), failure, !wasFailing);
            return backoff(cluster.syncInterval(), failure.consecutive());
        } catch (RuntimeException e) {
            // A bug must not stop the loop for this cluster; it is logged and retried like a failure.
            state.failed(e.getClass().getSimpleName(), "INTERNAL", clock.instant());
            LOG.error("job listing failed unexpectedly: cluster={}", cluster.name(), e);
            return backoff(cluster.syncInterval(), state.failure().orElseThrow().consecutive());
        }
    }

    /** The cluster's down nodes; none when they cannot be listed, which costs only a message its detail. */
    private static java.util.Map<String, String> downNodes(SyncedCluster cluster) {
        try {
            return DownNodes.of(cluster.listingClient().nodes());
        } catch (RuntimeException e) {
            LOG.warn("node listing failed: cluster={} error={}", cluster.name(), e.getMessage());
            return java.util.Map.of();
        }
    }

    static Duration backoff(Duration interval, int consecutiveFailures) {
        long factor = 1L << Math.min(consecutiveFailures, 10);
        Duration delay = interval.multipliedBy(factor);
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private void notifyListed(String cluster, JobListing previous, JobListing current, boolean recovered) {
        for (ListingListener l : listeners) {
            try {
                l.listed(cluster, previous, current, recovered);
            } catch (RuntimeException e) {
                LOG.error("listing listener failed: cluster={}", cluster, e);
            }
        }
    }

    private void notifyFailed(String cluster, SyncState.Failure failure, boolean first) {
        for (ListingListener l : listeners) {
            try {
                l.listingFailed(cluster, failure, first);
            } catch (RuntimeException e) {
                LOG.error("listing listener failed: cluster={}", cluster, e);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
