package dev.hpcenv.operator.bench;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches a namespace's HpcJobs as a user's {@code kubectl get -w} would and notes, per HpcJob name,
 * when a Slurm job id first appeared in its status (System.nanoTime). Latency is measured from the
 * create request to that moment: what a user sees, including the status write and the watch.
 */
final class SubmitWatch implements AutoCloseable {

    private final SharedIndexInformer<HpcJob> informer;
    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();

    SubmitWatch(KubernetesClient client, String namespace) {
        this.informer = client.resources(HpcJob.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(HpcJob job) {
                note(job);
            }

            @Override
            public void onUpdate(HpcJob before, HpcJob job) {
                note(job);
            }

            @Override
            public void onDelete(HpcJob job, boolean unknownFinalState) {
            }
        });
    }

    private void note(HpcJob job) {
        if (job.getStatus() != null && job.getStatus().getSlurmJobId() != null) {
            String name = job.getMetadata().getName();
            if (seenAt.putIfAbsent(name, System.nanoTime()) == null) {
                CountDownLatch latch = waiting.remove(name);
                if (latch != null) {
                    latch.countDown();
                }
            }
        }
    }

    /** When {@code name} got its Slurm job id, or null while it has none. */
    Long seenAt(String name) {
        return seenAt.get(name);
    }

    int submittedCount() {
        return seenAt.size();
    }

    /** Waits until {@code name} has a Slurm job id; false on timeout. */
    boolean await(String name, Duration timeout) throws InterruptedException {
        CountDownLatch latch = waiting.computeIfAbsent(name, n -> new CountDownLatch(1));
        if (seenAt.containsKey(name)) {
            waiting.remove(name);
            return true;
        }
        return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        informer.close();
    }
}
