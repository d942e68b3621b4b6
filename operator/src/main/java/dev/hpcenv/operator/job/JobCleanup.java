package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.cache.ResourceLookups;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What happens when an HpcJob is deleted (its finalizer) and how its Slurm jobs are cancelled. */
final class JobCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(JobCleanup.class);
    private static final Duration CLEANUP_RETRY = Duration.ofSeconds(5);

    private final ClusterRegistry registry;
    private final ResourceLookups lookups;
    private final EventRecorder events;
    private final DeniedUsers deniedUsers;

    JobCleanup(ClusterRegistry registry, ResourceLookups lookups, EventRecorder events, DeniedUsers deniedUsers) {
        this.deniedUsers = deniedUsers;
        this.registry = registry;
        this.lookups = lookups;
        this.events = events;
    }

    /**
     * The finalizer: cancels every Slurm job of the HpcJob that has not ended. While the cluster
     * cannot be reached the finalizer stays and this is retried; a cluster that no longer exists
     * cannot hold jobs for us, so deletion goes ahead.
     */
    DeleteControl cleanup(HpcJob job) {
        String uid = job.getMetadata().getUid();
        String clusterName = PlacedCluster.of(job).orElse(null);
        Optional<ClusterConnection> connection = clusterName == null ? Optional.empty() : registry.get(clusterName);
        if (connection.isEmpty()) {
            if (clusterName != null && lookups.slurmCluster(clusterName).isPresent() && submittedSomething(job)) {
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_RETRY.toMillis());
            }
            return DeleteControl.defaultDelete();
        }
        ClusterConnection c = connection.get();
        Optional<JobListing> listing = c.syncState().latest();
        if (listing.isEmpty() && submittedSomething(job)) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_RETRY.toMillis());
        }
        Set<Long> toCancel = new LinkedHashSet<>();
        Optional.ofNullable(job.getStatus())
                .filter(st -> st.getPhase() == null || !st.getPhase().isTerminal())
                .map(HpcJobStatus::getSlurmJobId)
                .ifPresent(toCancel::add);
        c.ledger().submittedJob(uid).ifPresent(toCancel::add);
        // Only the namespace's own user's jobs: another user's job naming this UID is not ours to cancel,
        // and Slurm would refuse, holding the finalizer forever.
        Optional<String> owner = c.mappingFor(job.getMetadata().getNamespace()).map(c::slurmUserFor);
        // An array element stands for its array: the array's id cancels every element in one request.
        listing.ifPresent(l -> l.ownedWithComment(uid, owner).stream()
                .filter(j -> !j.state().isTerminal())
                .map(JobInfo::submittedId)
                .forEach(toCancel::add));
        Set<Long> ended = new HashSet<>();
        listing.ifPresent(l -> toCancel.stream().filter(l::ended).forEach(ended::add));
        toCancel.removeAll(ended);
        try {
            SlurmClient client = cancelClient(c, job, deniedUsers);
            for (long id : toCancel) {
                if (client.cancel(id) == CancelOutcome.CANCELLED) {
                    events.record(
                            job,
                            EventRecorder.Type.Normal,
                            "Cancelled",
                            "cancelled Slurm job " + id + " because the HpcJob was deleted");
                }
            }
        } catch (SlurmException e) {
            LOG.warn(
                    "cancel on delete failed, retrying: hpcjob={}/{} error={}",
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getName(),
                    e.getMessage());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(CLEANUP_RETRY.toMillis());
        }
        c.ledger().forget(uid);
        return DeleteControl.defaultDelete();
    }

    private static boolean submittedSomething(HpcJob job) {
        HpcJobStatus s = job.getStatus();
        return s == null
                || s.getSlurmJobId() != null
                || s.getPhase() == null
                || s.getPhase() != HpcJobPhase.PENDING
                || !RetiredJobs.of(job).isEmpty();
    }

    static void cancelAll(SlurmClient client, Set<Long> jobIds) {
        for (long id : jobIds) {
            client.cancel(id);
        }
    }

    /**
     * Slurm lets the job's owner cancel it: the namespace's user when mapped (and not a denied user,
     * which the operator never acts as for a namespace), else the listing user.
     */
    static SlurmClient cancelClient(ClusterConnection connection, HpcJob job, DeniedUsers deniedUsers) {
        return connection
                .mappingFor(job.getMetadata().getNamespace())
                .map(connection::slurmUserFor)
                .filter(user -> deniedUsers.refusal(user).isEmpty())
                .map(connection::clientFor)
                .orElseGet(connection::listingClient);
    }
}
