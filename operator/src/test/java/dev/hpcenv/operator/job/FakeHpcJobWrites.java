package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link HpcJobWrites} in memory: the finalizer is changed on the object itself, status writes are counted. */
final class FakeHpcJobWrites implements HpcJobWrites {

    final AtomicInteger statusWrites = new AtomicInteger();

    @Override
    public void addFinalizer(HpcJob job) {
        List<String> finalizers = new ArrayList<>(
                job.getMetadata().getFinalizers() == null
                        ? List.of()
                        : job.getMetadata().getFinalizers());
        finalizers.add(FinalizerStep.FINALIZER);
        job.getMetadata().setFinalizers(finalizers);
    }

    @Override
    public void removeFinalizer(HpcJob job) {
        List<String> finalizers = new ArrayList<>(job.getMetadata().getFinalizers());
        finalizers.remove(FinalizerStep.FINALIZER);
        job.getMetadata().setFinalizers(finalizers);
    }

    @Override
    public void writeStatus(HpcJob job) {
        statusWrites.incrementAndGet();
    }
}
