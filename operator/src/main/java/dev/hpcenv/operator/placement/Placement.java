package dev.hpcenv.operator.placement;

/** Where an HpcJob runs, as {@link ClusterPlacement} decided it. */
public sealed interface Placement {

    /**
     * The job's SlurmCluster.
     *
     * @param recorded true when it is status.cluster already (a choice of an earlier reconcile, kept)
     * @param chosen   true when spec.clusterRef offered several candidates and this one was chosen among
     *                 them: such a choice is recorded in status before anything is submitted, so that a
     *                 restart cannot choose another cluster for a job Slurm may already hold
     */
    record On(String cluster, boolean recorded, boolean chosen) implements Placement {}

    /**
     * None of the candidates of spec.clusterRef.names or .selector can take the job now.
     *
     * @param message each candidate and why not, for the NoClusterReady condition
     */
    record NoneReady(String message) implements Placement {}

    /** spec.clusterRef is missing or names nothing; the spec's validation says so. */
    record Unplaced() implements Placement {}
}
