package dev.hpcenv.operator.orphans;

import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.JobInfo;
import java.util.List;
import java.util.Optional;

/**
 * Cancels through the cluster's connection, as the job's owner, and only when that owner is a Slurm
 * user the SlurmCluster maps a namespace to: the operator never acts as a user the admins did not
 * give it, whatever a job's comment says.
 */
public final class ConnectionCanceller implements OrphanCanceller {

    private final ClusterRegistry registry;

    public ConnectionCanceller(ClusterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Optional<String> refusal(String cluster, JobInfo job) {
        Optional<ClusterConnection> connection = registry.get(cluster);
        if (connection.isEmpty()) {
            return Optional.of("the SlurmCluster is no longer connected");
        }
        ClusterConnection c = connection.get();
        List<UserMapping> mappings =
                c.spec().getUserMappings() == null ? List.of() : c.spec().getUserMappings();
        boolean mapped =
                job.user() != null && mappings.stream().anyMatch(m -> job.user().equals(c.slurmUserFor(m)));
        return mapped
                ? Optional.empty()
                : Optional.of("its owner '" + job.user() + "' is no user that SlurmCluster " + cluster + " maps");
    }

    @Override
    public CancelOutcome cancel(String cluster, JobInfo job) {
        ClusterConnection c = registry.get(cluster)
                .orElseThrow(() -> new IllegalStateException("SlurmCluster " + cluster + " is no longer connected"));
        return c.clientFor(job.user()).cancel(job.submittedId());
    }
}
