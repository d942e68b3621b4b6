package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import java.util.Optional;

/**
 * The SlurmCluster an HpcJob's Slurm jobs live on, for what must find them without a placement (the
 * finalizer, forgetting a deleted job): status.cluster, or, for a job that predates it, the one
 * spec.clusterRef.name. A job offered several clusters records its choice before it is submitted.
 */
final class PlacedCluster {

    private PlacedCluster() {}

    static Optional<String> of(HpcJob job) {
        if (job.getStatus() != null && job.getStatus().getCluster() != null) {
            return Optional.of(job.getStatus().getCluster());
        }
        return Optional.ofNullable(job.getSpec()).map(s -> s.getClusterRef()).map(r -> r.getName());
    }
}
