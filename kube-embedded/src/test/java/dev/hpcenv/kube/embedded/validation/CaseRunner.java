package dev.hpcenv.kube.embedded.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.discovery.ResourceCatalog;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link ValidationCase}s against an API server, the embedded one or a real kube-apiserver, with
 * the same requests: a dry-run create, or (for a case with a previous object or a status) a real
 * create and a dry-run update. What the server refuses comes back as its violations, one line per
 * cause of its 422 Status ({@code field: message}), so two servers' verdicts compare as lists.
 * Objects it had to create are deleted again; namespaced ones go into {@code namespace}.
 */
public final class CaseRunner {

    static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String namespace;
    private final String prefix;
    private final Map<String, ResourceType> types = new HashMap<>();
    private final AtomicInteger counter = new AtomicInteger();

    /**
     * @param crds   the CRDs the server serves (for each kind's URL, scope and status subresource)
     * @param prefix starts every object name, unique to the run on a shared server
     */
    public CaseRunner(KubernetesClient client, List<ObjectNode> crds, String namespace, String prefix) {
        this.client = client;
        this.namespace = namespace;
        this.prefix = prefix;
        for (ObjectNode crd : crds) {
            for (ResourceType type : ResourceCatalog.fromCrd(crd)) {
                types.put(type.kind(), type);
            }
        }
    }

    /** What the server refuses in the case; empty when it accepts it. */
    public List<String> violations(ValidationCase c) {
        ResourceType type = types.get(c.kind());
        if (type == null) {
            throw new IllegalArgumentException(c + ": no CRD for kind " + c.kind() + " among " + types.keySet());
        }
        String name = c.keepsName()
                ? c.object().path("metadata").path("name").asText()
                : prefix + "-" + counter.incrementAndGet();
        ObjectNode object = named(c.object(), name, type);
        boolean statusWrite = type.statusResource() && object.has("status") && !c.statusAsSent();
        if (c.previous() == null && !statusWrite) {
            return verdict(send("POST", collection(type) + "?dryRun=All", object));
        }
        ObjectNode first = c.previous() == null ? object.deepCopy() : named(c.previous(), name, type);
        first.remove("status");
        Reply created = send("POST", collection(type), first);
        if (!created.ok()) {
            // the object as created is already refused; with no previous that is this case's verdict
            if (c.previous() == null) {
                return verdict(created);
            }
            throw new AssertionError(c + ": the previous object is refused: " + created.body());
        }
        try {
            String resourceVersion = JsonBodies.tree(created.body())
                    .path("metadata")
                    .path("resourceVersion")
                    .asText();
            ((ObjectNode) object.get("metadata")).put("resourceVersion", resourceVersion);
            String url = collection(type) + "/" + name;
            if (c.previous() != null) {
                Reply updated = send("PUT", url + "?dryRun=All", object);
                if (!updated.ok() || !statusWrite) {
                    return verdict(updated);
                }
            }
            return verdict(send("PUT", url + "/status?dryRun=All", object));
        } finally {
            send("DELETE", collection(type) + "/" + name, null);
        }
    }

    private ObjectNode named(ObjectNode source, String name, ResourceType type) {
        ObjectNode object = source.deepCopy();
        // the served group may be a copy's (a run of its own on a shared server)
        object.put("apiVersion", type.groupVersion());
        ObjectNode metadata =
                object.has("metadata") ? (ObjectNode) object.get("metadata") : object.putObject("metadata");
        metadata.put("name", name);
        if (type.namespaced()) {
            metadata.put("namespace", namespace);
        } else {
            metadata.remove("namespace");
        }
        return object;
    }

    private String collection(ResourceType type) {
        return type.apiPrefix() + (type.namespaced() ? "/namespaces/" + namespace : "") + "/" + type.plural();
    }

    /** The violations a reply names: none for a success, one per cause of a Status otherwise. */
    static List<String> verdict(Reply reply) {
        if (reply.ok()) {
            return List.of();
        }
        JsonNode status = JsonBodies.tree(reply.body());
        List<String> lines = new ArrayList<>();
        for (JsonNode cause : status.path("details").path("causes")) {
            String field = cause.path("field").asText();
            lines.add((field.isEmpty() ? "" : field + ": ")
                    + cause.path("message").asText());
        }
        if (lines.isEmpty()) {
            lines.add(reply.code() + " " + status.path("reason").asText() + ": "
                    + status.path("message").asText(reply.body()));
        }
        return lines;
    }

    /** One HTTP exchange: the code and the body. */
    public record Reply(int code, String body, List<String> warnings) {
        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    /** Sends a JSON body (or none) to {@code path} with the client's credentials. */
    public Reply send(String method, String path, JsonNode body) {
        return send(client, method, path, "application/json", body == null ? null : body.toString());
    }

    /** Sends {@code body} of {@code contentType} to {@code path} with the client's credentials. */
    public static Reply send(KubernetesClient client, String method, String path, String contentType, String body) {
        String base = client.getConfiguration().getMasterUrl().replaceAll("/+$", "");
        HttpRequest.Builder request =
                client.getHttpClient().newHttpRequestBuilder().uri(base + path).timeout(60, TimeUnit.SECONDS);
        if (body == null && method.equals("DELETE")) {
            request.method(method, "application/json", "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\"}");
        } else if (body != null) {
            request.method(method, contentType, body);
        }
        try {
            HttpResponse<String> response = client.getHttpClient()
                    .sendAsync(request.build(), String.class)
                    .get(90, TimeUnit.SECONDS);
            List<String> warnings = response.headers("Warning");
            return new Reply(response.code(), response.body(), warnings == null ? List.of() : warnings);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    /** Jackson trees of reply bodies. */
    static final class JsonBodies {
        private JsonBodies() {}

        static JsonNode tree(String body) {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }
}
