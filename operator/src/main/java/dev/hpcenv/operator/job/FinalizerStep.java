package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What a reconcile does about the HpcJob's finalizer before anything else. The finalizer is what
 * lets a deleted HpcJob cancel its Slurm jobs, so it must be stored before a Slurm job can exist:
 * {@link #ADD_THEN_RECONCILE} writes it first and only a successful write lets the same reconcile
 * go on to submit (one reconcile instead of two, with the write of the finalizer between them).
 */
public enum FinalizerStep {

    /** Not deleted and the finalizer is stored: reconcile. */
    RECONCILE,
    /** Not deleted and no finalizer yet: store it, and only then reconcile (which may submit). */
    ADD_THEN_RECONCILE,
    /** Deleted and the finalizer is still there: cancel the Slurm jobs, then remove it. */
    CLEAN_UP,
    /** Deleted and the finalizer is gone (removed by us, or never added): nothing is left to do. */
    NOTHING;

    /** The finalizer's name: the one java-operator-sdk gave it, so HpcJobs stored before keep working. */
    public static final String FINALIZER =
            HasMetadata.getPlural(HpcJob.class) + "." + HasMetadata.getGroup(HpcJob.class) + "/finalizer";

    public static FinalizerStep of(HpcJob job) {
        boolean has = job.hasFinalizer(FINALIZER);
        if (job.isMarkedForDeletion()) {
            return has ? CLEAN_UP : NOTHING;
        }
        return has ? RECONCILE : ADD_THEN_RECONCILE;
    }
}
