package dev.hpcenv.operator.e2e;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches the HpcJobs of a namespace whose names start with a prefix and notes each as its status
 * first shows a Slurm job id: the crash tests kill the operator once enough of a burst is submitted.
 */
final class SubmissionWatch implements AutoCloseable {
    private final Set<String> submitted = ConcurrentHashMap.newKeySet();
    private final CountDownLatch enough;
    private final Watch watch;

    private SubmissionWatch(KubernetesClient client, String namespace, String prefix, int enough) {
        this.enough = new CountDownLatch(enough);
        this.watch = client.resources(HpcJob.class).inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, HpcJob job) {
                if (job.getMetadata().getName().startsWith(prefix)
                        && RealSlurmWorld.hasSlurmJob(job)
                        && submitted.add(job.getMetadata().getName())) {
                    SubmissionWatch.this.enough.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    /** @param enough how many submitted HpcJobs {@link #awaitEnough} waits for */
    static SubmissionWatch start(KubernetesClient client, String namespace, String prefix, int enough) {
        return new SubmissionWatch(client, namespace, prefix, enough);
    }

    /** True once {@code enough} HpcJobs were seen submitted, false when the deadline passed first. */
    boolean awaitEnough(Duration deadline) throws InterruptedException {
        return enough.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The names seen submitted so far (also after {@link #close}). */
    Set<String> submitted() {
        return submitted;
    }

    @Override
    public void close() {
        watch.close();
    }
}
