package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.status.StatusComparison;
import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.operator.sync.ListingListener;
import dev.hpcenv.operator.sync.SyncState;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster-wide event source of HpcJobs: each listing of a cluster wakes the HpcJobs on it
 * whose status no longer matches what Slurm reports, so one request per interval serves every job.
 * A first listing, a recovery and the start of a failure wake all unfinished jobs of the cluster.
 */
public final class HpcJobListingEventSource extends AbstractEventSource<JobInfo, HpcJob> implements ListingListener {

    private final IndexerResourceCache<HpcJob> jobs;

    public HpcJobListingEventSource(IndexerResourceCache<HpcJob> jobs) {
        super(JobInfo.class, "slurm-job-listing");
        this.jobs = jobs;
    }

    @Override
    public void listed(String cluster, JobListing previous, JobListing current, boolean recovered) {
        if (!isRunning()) {
            return;
        }
        boolean everyone = previous == null || recovered;
        for (HpcJob job : jobs.byIndex(JobIndexes.BY_CLUSTER, cluster)) {
            if (unfinished(job) && (everyone || stale(job, current))) {
                getEventHandler().handleEvent(new Event(ResourceID.fromResource(job)));
            }
        }
    }

    @Override
    public void listingFailed(String cluster, SyncState.Failure failure, boolean first) {
        if (!isRunning() || !first) {
            return;
        }
        for (HpcJob job : jobs.byIndex(JobIndexes.BY_CLUSTER, cluster)) {
            if (unfinished(job)) {
                getEventHandler().handleEvent(new Event(ResourceID.fromResource(job)));
            }
        }
    }

    private static boolean unfinished(HpcJob job) {
        HpcJobStatus s = job.getStatus();
        return s == null || s.getPhase() == null || !s.getPhase().isTerminal();
    }

    /** True when the listing says something the job's status does not reflect yet. */
    static boolean stale(HpcJob job, JobListing listing) {
        HpcJobStatus s = job.getStatus() == null ? new HpcJobStatus() : job.getStatus();
        if (s.getSlurmJobId() != null && job.getSpec() != null && job.getSpec().getArray() != null) {
            // An array is stale when its counts moved: one element's change is enough.
            java.util.List<JobInfo> records = listing.arrayRecords(s.getSlurmJobId());
            return records.isEmpty()
                    || !StatusComparison.same(
                            s.getArray(),
                            ArraySummary.of(s.getSlurmJobId(), job.getSpec().getArray(), records)
                                    .status());
        }
        if (s.getSlurmJobId() != null) {
            Optional<JobInfo> info = listing.job(s.getSlurmJobId());
            if (info.isEmpty()) {
                return true;
            }
            JobInfo j = info.get();
            String state =
                    j.state() == JobState.UNKNOWN ? j.rawState() : j.state().name();
            // Slurm's reason too: a job pending for PartitionNodeLimit must say so, not just PENDING.
            return !state.equals(s.getSlurmState())
                    || !j.nodes().equals(s.getNodes())
                    || !java.util.Objects.equals(SlurmReasons.shown(j.stateReason()), s.getSlurmReason())
                    // A requeue between two listings may leave state, nodes and reason as they were.
                    || (RequeueLimit.attempt(j) != null
                            && !RequeueLimit.attempt(j).equals(s.getAttempts()));
        }
        if (!listing.withComment(job.getMetadata().getUid()).isEmpty()) {
            return true;
        }
        // Not submitted yet: it may be waiting for a listing (the first, or one after a submit whose
        // outcome is unknown). Held jobs are cheap to look at again and their status will not change.
        return (job.getSpec() == null || !Boolean.TRUE.equals(job.getSpec().getSuspend()))
                && !ConditionsView.isTrue(s.getConditions(), ConditionType.SUBMITTED);
    }

    @Override
    public Set<JobInfo> getSecondaryResources(HpcJob primary) {
        return Set.of();
    }
}
