package dev.hpcenv.operator.orphans;

import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.operator.sync.ListingListener;
import dev.hpcenv.operator.sync.SyncState;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.SlurmException;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels this installation's orphans: Slurm jobs whose comment carries this installation's mark
 * and whose HpcJob no longer exists (deleted while no operator ran its finalizer, or lost with the
 * API's objects). It looks at every listing the sync makes anyway; a job must be orphaned in the
 * informer cache for the whole grace period, and then missing from a direct listing of the API
 * server too, before it is cancelled as its owner. Jobs of other installations, jobs with a bare
 * UID and jobs without a comment are never touched.
 */
public final class OrphanCollector implements ListingListener {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanCollector.class);

    private final String installation;
    private final Duration grace;
    private final Supplier<Optional<Set<String>>> cachedUids;
    private final HpcJobDirectory directory;
    private final OrphanCanceller canceller;
    private final EventRecorder events;
    private final Consumer<String> cancelledCounter;
    private final Clock clock;
    private final Map<String, OrphanWatch> watches = new ConcurrentHashMap<>();

    /**
     * @param cachedUids       the HpcJob UIDs of the informer cache; empty while it is not ready (nothing
     *                         is an orphan then)
     * @param cancelledCounter counts a cancelled orphan, by cluster (metrics)
     */
    public OrphanCollector(
            String installation,
            Duration grace,
            Supplier<Optional<Set<String>>> cachedUids,
            HpcJobDirectory directory,
            OrphanCanceller canceller,
            EventRecorder events,
            Consumer<String> cancelledCounter,
            Clock clock) {
        this.installation = installation;
        this.grace = grace;
        this.cachedUids = cachedUids;
        this.directory = directory;
        this.canceller = canceller;
        this.events = events;
        this.cancelledCounter = cancelledCounter;
        this.clock = clock;
    }

    @Override
    public void listed(String cluster, JobListing previous, JobListing current, boolean recovered) {
        Optional<Set<String>> cached = cachedUids.get();
        if (cached.isEmpty()) {
            return;
        }
        OrphanWatch watch = watches.computeIfAbsent(cluster, c -> new OrphanWatch(installation, grace));
        Instant now = clock.instant();
        List<OrphanWatch.Orphan> due;
        synchronized (watch) {
            due = watch.observe(current, cached.get()::contains, now);
        }
        List<OrphanWatch.Orphan> cancellable = new ArrayList<>();
        for (OrphanWatch.Orphan orphan : due) {
            Optional<String> refusal = canceller.refusal(cluster, orphan.job());
            if (refusal.isPresent()) {
                LOG.warn(
                        "orphaned Slurm job left alone: cluster={} slurmJob={} hpcjobUid={} reason={}",
                        cluster,
                        orphan.job().jobId(),
                        orphan.uid(),
                        refusal.get());
                restartGrace(watch, orphan);
            } else {
                cancellable.add(orphan);
            }
        }
        if (cancellable.isEmpty()) {
            return;
        }
        Set<String> existing;
        try {
            existing = directory.existingUids();
        } catch (RuntimeException e) {
            LOG.warn(
                    "orphans not collected this time: cluster={} candidates={} error=cannot list HpcJobs: {}",
                    cluster,
                    cancellable.size(),
                    e.getMessage());
            return;
        }
        // One cancel per submission: an array's id cancels every element, however many records list it.
        Map<Long, OrphanWatch.Orphan> bySubmission = new LinkedHashMap<>();
        for (OrphanWatch.Orphan orphan : cancellable) {
            if (existing.contains(orphan.uid())) {
                restartGrace(watch, orphan);
            } else {
                bySubmission.putIfAbsent(orphan.job().submittedId(), orphan);
            }
        }
        bySubmission.values().forEach(orphan -> cancel(cluster, orphan, now));
    }

    private static void restartGrace(OrphanWatch watch, OrphanWatch.Orphan orphan) {
        synchronized (watch) {
            watch.restartGrace(orphan.job().jobId());
        }
    }

    private void cancel(String cluster, OrphanWatch.Orphan orphan, Instant now) {
        long jobId = orphan.job().submittedId();
        CancelOutcome outcome;
        try {
            outcome = canceller.cancel(cluster, orphan.job());
        } catch (SlurmException | IllegalStateException e) {
            // Tried again at the next listing: the job is still listed, still an orphan.
            LOG.warn(
                    "cancelling an orphaned Slurm job failed, retrying at the next listing: cluster={} slurmJob={} "
                            + "error={}",
                    cluster,
                    jobId,
                    e.getMessage());
            return;
        }
        long seconds = Duration.between(orphan.since(), now).toSeconds();
        LOG.warn(
                "cancelled orphaned Slurm job: cluster={} slurmJob={} name={} user={} hpcjobUid={} orphanedFor={}s "
                        + "outcome={}",
                cluster,
                jobId,
                orphan.job().name(),
                orphan.job().user(),
                orphan.uid(),
                seconds,
                outcome);
        if (outcome == CancelOutcome.CANCELLED) {
            cancelledCounter.accept(cluster);
            events.record(
                    clusterObject(cluster),
                    EventRecorder.Type.Warning,
                    "OrphanCancelled",
                    "cancelled Slurm job " + jobId + " (" + orphan.job().name() + ", user "
                            + orphan.job().user() + "): HpcJob " + orphan.uid() + " no longer exists (for " + seconds
                            + " s)");
        }
    }

    private static SlurmCluster clusterObject(String name) {
        SlurmCluster cluster = new SlurmCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).build());
        return cluster;
    }

    @Override
    public void listingFailed(String cluster, SyncState.Failure failure, boolean first) {
        // Nothing is known of the jobs without a listing: the grace periods simply go on.
    }
}
