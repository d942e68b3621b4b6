package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJobStatus;

/**
 * What the compute nodes reported of a job (image pull, tasks, the output's last lines), put into
 * the status a reconcile is about to write. The reconcile compares that status with the stored one,
 * so a report that changes nothing writes nothing.
 */
public interface NodeProgress {

    /** Without log shipping: the status keeps what it had. */
    NodeProgress NONE = (uid, status) -> {};

    /**
     * Sets {@code status.progress}, {@code status.outputTail} and {@code status.services} of the job
     * {@code uid}, where known.
     */
    void apply(String uid, HpcJobStatus status);

    /** The HpcJob is gone: drop what is kept of it. */
    default void forget(String uid) {}
}
