package dev.hpcenv.operator.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * {@link HpcJobWrites} as JSON Patches on the Kubernetes API, each guarded by a test of the UID (a
 * deleted and recreated HpcJob of the same name is never written by mistake).
 *
 * <p>Why not the framework's writes: without server-side apply, java-operator-sdk clones the
 * resource, serialises it twice to compute a diff, builds the URL through regular expressions and
 * deserialises the answer it then throws away, for every finalizer and status write. In a burst of
 * submissions that was a fifth of the operator's CPU. Here a body holds only what changes and an
 * answer is only checked for success.
 */
public final class JsonPatchHpcJobWrites implements HpcJobWrites {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_PATCH = "application/json-patch+json";
    /** Attempts of a finalizer write that meets a concurrent change of the finalizer list. */
    private static final int ATTEMPTS = 3;

    private final KubernetesClient client;
    private final String collectionBase;

    public JsonPatchHpcJobWrites(KubernetesClient client) {
        this.client = client;
        String master = client.getMasterUrl().toString();
        this.collectionBase = (master.endsWith("/") ? master.substring(0, master.length() - 1) : master)
                + "/apis/" + HasMetadata.getGroup(HpcJob.class) + "/" + HasMetadata.getVersion(HpcJob.class)
                + "/namespaces/";
    }

    @Override
    public void addFinalizer(HpcJob job) {
        HpcJob current = job;
        for (int attempt = 1; ; attempt++) {
            List<String> finalizers = current.getMetadata().getFinalizers();
            ArrayNode patch = guard(current);
            if (finalizers == null || finalizers.isEmpty()) {
                // Setting the whole list: only over the version we read, so that no other finalizer is lost.
                patch.addObject()
                        .put("op", "test")
                        .put("path", "/metadata/resourceVersion")
                        .put("value", current.getMetadata().getResourceVersion());
                patch.addObject()
                        .put("op", "add")
                        .put("path", "/metadata/finalizers")
                        .putArray("value")
                        .add(FinalizerStep.FINALIZER);
            } else {
                patch.addObject()
                        .put("op", "add")
                        .put("path", "/metadata/finalizers/-")
                        .put("value", FinalizerStep.FINALIZER);
            }
            HttpResponse<String> response = send(job, "", patch.toString(), "add the finalizer to");
            if (response.isSuccessful()) {
                break;
            }
            current = retryable(job, response, attempt, "add the finalizer to");
            if (current.hasFinalizer(FinalizerStep.FINALIZER)) {
                break;
            }
        }
        List<String> local = new ArrayList<>(
                job.getMetadata().getFinalizers() == null
                        ? List.of()
                        : job.getMetadata().getFinalizers());
        if (!local.contains(FinalizerStep.FINALIZER)) {
            local.add(FinalizerStep.FINALIZER);
        }
        job.getMetadata().setFinalizers(local);
    }

    @Override
    public void removeFinalizer(HpcJob job) {
        HpcJob current = job;
        for (int attempt = 1; ; attempt++) {
            int index = current.getMetadata().getFinalizers() == null
                    ? -1
                    : current.getMetadata().getFinalizers().indexOf(FinalizerStep.FINALIZER);
            if (index < 0) {
                return;
            }
            // Removal is by position: the test makes sure the position still holds our finalizer.
            ArrayNode patch = guard(current);
            patch.addObject()
                    .put("op", "test")
                    .put("path", "/metadata/finalizers/" + index)
                    .put("value", FinalizerStep.FINALIZER);
            patch.addObject().put("op", "remove").put("path", "/metadata/finalizers/" + index);
            HttpResponse<String> response = send(job, "", patch.toString(), "remove the finalizer from");
            if (response.isSuccessful() || response.code() == 404) {
                return;
            }
            current = retryable(job, response, attempt, "remove the finalizer from");
        }
    }

    @Override
    public void writeStatus(HpcJob job) {
        String guard = guard(job).toString();
        // The status as the Kubernetes client serialises it (the JSON the framework would have sent).
        String body = guard.substring(0, guard.length() - 1) + ",{\"op\":\"add\",\"path\":\"/status\",\"value\":"
                + client.getKubernetesSerialization().asJson(job.getStatus()) + "}]";
        HttpResponse<String> response = send(job, "/status", body, "write the status of");
        if (!response.isSuccessful()) {
            throw failure(job, response, "write the status of");
        }
    }

    private static ArrayNode guard(HpcJob job) {
        ArrayNode patch = JSON.createArrayNode();
        patch.addObject()
                .put("op", "test")
                .put("path", "/metadata/uid")
                .put("value", job.getMetadata().getUid());
        return patch;
    }

    /**
     * After a refused finalizer write: a failed test (422) or a conflict (409) means the HpcJob changed
     * meanwhile, so it is read again for another attempt; anything else, or too many attempts, throws.
     */
    private HpcJob retryable(HpcJob job, HttpResponse<String> response, int attempt, String what) {
        if ((response.code() != 422 && response.code() != 409) || attempt >= ATTEMPTS) {
            throw failure(job, response, what);
        }
        HpcJob fresh = client.resources(HpcJob.class)
                .inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName())
                .get();
        if (fresh == null
                || !job.getMetadata().getUid().equals(fresh.getMetadata().getUid())) {
            throw new KubernetesClientException(
                    "cannot " + what + " HpcJob " + name(job) + ": it was deleted meanwhile", 404, null);
        }
        return fresh;
    }

    private HttpResponse<String> send(HpcJob job, String subresource, String body, String what) {
        String url =
                collectionBase + encode(job.getMetadata().getNamespace()) + "/" + HasMetadata.getPlural(HpcJob.class)
                        + "/" + encode(job.getMetadata().getName()) + subresource;
        HttpRequest request = client.getHttpClient()
                .newHttpRequestBuilder()
                .uri(url)
                .patch(JSON_PATCH, body)
                .build();
        try {
            return client.getHttpClient().sendAsync(request, String.class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while trying to " + what + " HpcJob " + name(job));
        } catch (ExecutionException e) {
            throw new KubernetesClientException(
                    "cannot " + what + " HpcJob " + name(job) + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static KubernetesClientException failure(HpcJob job, HttpResponse<String> response, String what) {
        String body = response.body() == null ? "" : response.body();
        return new KubernetesClientException(
                "cannot " + what + " HpcJob " + name(job) + ": HTTP " + response.code() + " "
                        + (body.length() > 300 ? body.substring(0, 300) + "..." : body),
                response.code(),
                null);
    }

    private static String name(HpcJob job) {
        return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    }

    private static String encode(String segment) {
        // Kubernetes names are DNS labels or subdomains; encoding only guards against surprises.
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
