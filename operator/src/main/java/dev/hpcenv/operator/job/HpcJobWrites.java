package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJob;

/**
 * The writes the HpcJob reconcile makes itself (the API in the operator, a recording fake in
 * tests). Each one either succeeds or throws; a reconcile that gets an exception stops there and
 * is retried by the framework.
 */
public interface HpcJobWrites {

    /** Stores {@link FinalizerStep#FINALIZER} on the HpcJob and adds it to {@code job}'s metadata. */
    void addFinalizer(HpcJob job);

    /** Removes {@link FinalizerStep#FINALIZER}; the API then deletes the HpcJob (unless other finalizers wait). */
    void removeFinalizer(HpcJob job);

    /** Stores {@code job}'s status as it is now. */
    void writeStatus(HpcJob job);
}
