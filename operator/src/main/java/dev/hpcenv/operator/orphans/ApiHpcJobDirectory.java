package dev.hpcenv.operator.orphans;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashSet;
import java.util.Set;

/**
 * Lists HpcJobs from the API server in pages, bypassing the informer cache: a cache that is behind
 * (a watch that reconnects) must never get a job cancelled. It runs only when some job has been
 * orphaned for the whole grace period, which is rare.
 */
public final class ApiHpcJobDirectory implements HpcJobDirectory {

    private static final long PAGE = 500;
    private final KubernetesClient client;

    public ApiHpcJobDirectory(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Set<String> existingUids() {
        Set<String> uids = new HashSet<>();
        String next = null;
        do {
            KubernetesResourceList<HpcJob> page = client.resources(HpcJob.class)
                    .inAnyNamespace()
                    .list(new ListOptionsBuilder()
                            .withLimit(PAGE)
                            .withContinue(next)
                            .build());
            page.getItems().forEach(job -> uids.add(job.getMetadata().getUid()));
            next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (next != null && !next.isEmpty());
        return uids;
    }
}
