package dev.hpcenv.kube.embedded.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The checks and metadata rules of the store's writes, as the API server applies them: required
 * fields, name and namespace matching the URL, optimistic concurrency, server-owned metadata kept
 * across updates, and when generation moves.
 */
final class WriteRules {

    private static final String[] SERVER_OWNED = {
        "namespace",
        "uid",
        "creationTimestamp",
        "resourceVersion",
        "generation",
        "deletionTimestamp",
        "deletionGracePeriodSeconds"
    };

    /**
     * API groups of the built-in kinds served here that carry no {@code metadata.generation} on a real
     * API server (kube-apiserver 1.37: Namespace, Secret, ConfigMap, ServiceAccount, Event, Lease).
     * Custom resources and CustomResourceDefinitions have one.
     */
    private static final Set<String> GROUPS_WITHOUT_GENERATION = Set.of("", "coordination.k8s.io", "events.k8s.io");

    private WriteRules() {}

    /** A 422 when the body lacks kind, apiVersion, metadata, or both name and generateName. */
    static Optional<ApiResponse> missingRequired(JsonNode object) {
        String kind = object.path("kind").asText("");
        String missing = null;
        if (kind.isEmpty()) {
            missing = "kind";
        } else if (object.path("apiVersion").asText("").isEmpty()) {
            missing = "apiVersion";
        } else if (!object.path("metadata").isObject()) {
            missing = "metadata";
        } else if (object.path("metadata").path("name").asText("").isEmpty()
                && object.path("metadata").path("generateName").asText("").isEmpty()) {
            missing = "metadata.name";
        }
        if (missing == null) {
            return Optional.empty();
        }
        String what = missing.equals("metadata.name") ? "name or generateName is required" : "is required";
        return Optional.of(StatusResponses.failure(
                422,
                "Invalid",
                (kind.isEmpty() ? "the object" : kind) + " is invalid: " + missing + ": Required value: " + what));
    }

    /** A 400 when the object names another object than the URL does. */
    static Optional<ApiResponse> mismatchedPath(StorePath path, JsonNode object) {
        String name = object.path("metadata").path("name").asText("");
        if (!name.isEmpty() && !name.equals(path.name())) {
            return Optional.of(StatusResponses.failure(
                    400,
                    "BadRequest",
                    "the name of the object (" + name + ") does not match the name on the URL (" + path.name() + ")"));
        }
        return mismatchedNamespace(path, object);
    }

    static Optional<ApiResponse> mismatchedNamespace(StorePath path, JsonNode object) {
        String namespace = object.path("metadata").path("namespace").asText("");
        if (path.namespace() != null && !namespace.isEmpty() && !namespace.equals(path.namespace())) {
            return Optional.of(StatusResponses.failure(
                    400,
                    "BadRequest",
                    "the namespace of the object (" + namespace + ") does not match the namespace on the URL ("
                            + path.namespace() + ")"));
        }
        return Optional.empty();
    }

    /** A 409 when the update was based on another resourceVersion than the stored one. */
    static boolean isStale(JsonNode current, JsonNode updated) {
        String basedOn = updated.path("metadata").path("resourceVersion").asText("");
        return !basedOn.isEmpty()
                && !basedOn.equals(
                        current.path("metadata").path("resourceVersion").asText());
    }

    /** Copies the metadata clients cannot change from the stored object onto an update. */
    static void keepServerOwnedMetadata(JsonNode current, ObjectNode updated) {
        JsonNode from = current.path("metadata");
        ObjectNode to =
                updated.get("metadata") instanceof ObjectNode metadata ? metadata : updated.putObject("metadata");
        for (String field : SERVER_OWNED) {
            if (from.has(field)) {
                to.set(field, from.get(field).deepCopy());
            } else {
                to.remove(field);
            }
        }
    }

    static boolean hasGeneration(KindKey kind) {
        return !GROUPS_WITHOUT_GENERATION.contains(kind.group());
    }

    /**
     * A DELETE of an object that finalizers hold, as the API server's BeforeDelete does it: the
     * deletionTimestamp, a grace period of 0, and generation bumped where the kind has one.
     */
    static void markForDeletion(ObjectNode metadata, String now) {
        metadata.put("deletionTimestamp", now);
        metadata.put("deletionGracePeriodSeconds", 0);
        long generation = metadata.path("generation").asLong(0);
        if (generation > 0) {
            metadata.put("generation", generation + 1);
        }
    }

    /** Bumps generation when anything outside metadata and status changed, where the kind has one. */
    static void bumpGenerationOnSpecChange(JsonNode current, ObjectNode updated) {
        if (current.path("metadata").path("generation").asLong(0) <= 0) {
            return;
        }
        Set<String> fields = new HashSet<>();
        current.fieldNames().forEachRemaining(fields::add);
        updated.fieldNames().forEachRemaining(fields::add);
        fields.remove("metadata");
        fields.remove("status");
        boolean changed = fields.stream().anyMatch(field -> !Objects.equals(current.get(field), updated.get(field)));
        if (changed) {
            ((ObjectNode) updated.get("metadata"))
                    .put(
                            "generation",
                            current.path("metadata").path("generation").asLong(0) + 1);
        }
    }

    static boolean hasFinalizers(JsonNode object) {
        JsonNode finalizers = object.path("metadata").path("finalizers");
        return finalizers.isArray() && !finalizers.isEmpty();
    }

    static boolean isMarkedForDeletion(JsonNode object) {
        return !object.path("metadata").path("deletionTimestamp").asText("").isEmpty();
    }

    /** The status of {@code source}, or none, on {@code target}. */
    static void copyStatus(JsonNode source, ObjectNode target) {
        JsonNode status = source.get("status");
        if (status == null || status.isNull()) {
            target.remove("status");
        } else {
            target.set("status", status.deepCopy());
        }
    }
}
