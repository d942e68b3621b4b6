package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.operator.sync.SyncState;
import java.util.Optional;

/** The SlurmCluster of an HpcJob, as far as the job's decision needs it. */
public sealed interface ClusterView {

    /**
     * spec.clusterRef offers several SlurmClusters (names or a selector) and none can take the job now.
     *
     * @param message each candidate and why not
     */
    record NoneReady(String message) implements ClusterView {}

    /** No SlurmCluster of that name exists. */
    record Missing(String name) implements ClusterView {}

    /**
     * The namespace is mapped to a user no job ever runs as (root, uid 0, a denied name), whatever
     * the API server let through.
     *
     * @param why the mapping and why it is denied
     */
    record UserDenied(String name, String why) implements ClusterView {}

    /** It exists but is not connected (secret missing, unreachable, not checked yet). */
    record NotConnected(String name, Optional<UserMapping> mapping, String why) implements ClusterView {}

    /**
     * Connected.
     *
     * @param listing the latest complete job listing since the connection was made; empty before the first
     * @param slurmUser the Slurm user the namespace's jobs run as (the mapped user, or a static token's);
     *                  empty when the namespace is not mapped. Only its jobs may be adopted or cancelled.
     */
    record Connected(
            String name,
            Optional<UserMapping> mapping,
            Optional<JobListing> listing,
            Optional<SyncState.Failure> listingFailure,
            Optional<String> slurmUser)
            implements ClusterView {}
}
