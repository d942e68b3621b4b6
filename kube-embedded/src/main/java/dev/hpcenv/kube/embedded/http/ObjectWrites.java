package dev.hpcenv.kube.embedded.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.discovery.BuiltInResources;
import dev.hpcenv.kube.embedded.discovery.CrdShape;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import dev.hpcenv.kube.embedded.lifecycle.CrdLifecycle;
import dev.hpcenv.kube.embedded.lifecycle.EventDefaults;
import dev.hpcenv.kube.embedded.lifecycle.NamespaceLifecycle;
import dev.hpcenv.kube.embedded.lifecycle.SecretDefaults;
import dev.hpcenv.kube.embedded.patch.AppliedFields;
import dev.hpcenv.kube.embedded.patch.ApplyPatch;
import dev.hpcenv.kube.embedded.patch.PatchApplier;
import dev.hpcenv.kube.embedded.patch.PatchException;
import dev.hpcenv.kube.embedded.patch.PatchType;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import dev.hpcenv.kube.embedded.schema.ObjectMetaTypes;
import dev.hpcenv.kube.embedded.schema.SchemaFindings;
import dev.hpcenv.kube.embedded.schema.StructuralSchema;
import dev.hpcenv.kube.embedded.store.ObjectStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Writes: create, update (object or status), patch and delete, serialised per object so that a
 * PATCH's read-modify-write is atomic while writes to different objects run in parallel, with the
 * fixes a real API server would apply on the way in (namespace must exist, Secret stringData
 * folded, CRDs established) and its Status bodies out.
 */
public final class ObjectWrites {

    private final ObjectStore store;
    private final ObjectReads reads;
    private final NamespaceLifecycle namespaces;
    private final CrdLifecycle crds;
    private final ObjectLocks locks = new ObjectLocks();
    // One checker per served schema (identity: the catalog keeps its schema nodes until a CRD changes).
    private final Map<JsonNode, StructuralSchema> schemas = Collections.synchronizedMap(new IdentityHashMap<>());

    public ObjectWrites(ObjectStore store, ObjectReads reads, NamespaceLifecycle namespaces, CrdLifecycle crds) {
        this.store = store;
        this.reads = reads;
        this.namespaces = namespaces;
        this.crds = crds;
    }

    ApiResponse create(ResourcePath path, ResourceType type, ApiRequest request) {
        if (path.name() != null) {
            return StatusResponses.failure(405, "MethodNotAllowed", "POST is only allowed on a collection");
        }
        return create(path, type, JsonBodies.parseObject(request.body()), request);
    }

    private ApiResponse create(ResourcePath path, ResourceType type, ObjectNode object, ApiRequest request) {
        Optional<ApiResponse> undecodable = undecodableMetadata(type, object);
        if (undecodable.isPresent()) {
            return undecodable.get();
        }
        if (!type.kind().equals(object.path("kind").asText())) {
            return StatusResponses.failure(
                    400,
                    "BadRequest",
                    "the object's kind \"" + object.path("kind").asText() + "\" does not match the resource "
                            + type.qualifiedName() + " (kind " + type.kind() + ")");
        }
        if (type.namespaced() && path.namespace() == null) {
            return StatusResponses.failure(
                    400,
                    "BadRequest",
                    type.qualifiedName() + " are namespaced:" + " create them under /namespaces/<namespace>/");
        }
        if (namespaces.isMissing(type, path.namespace())) {
            return StatusResponses.notFound("namespaces", path.namespace());
        }
        GeneratedNames.assignIfRequested(
                object,
                candidate -> store.get(path.withName(candidate).storePath()).code() == 404);
        if (NamespaceLifecycle.isNamespaceType(type)) {
            namespaces.markActive(object);
        }
        if (type.equals(BuiltInResources.CUSTOM_RESOURCE_DEFINITIONS)) {
            crds.markEstablished(object);
        }
        if (type.equals(BuiltInResources.SECRETS)) {
            SecretDefaults.apply(object);
        }
        if (type.equals(BuiltInResources.EVENTS)) {
            EventDefaults.apply(object);
        }
        if (type.statusResource() && type.schema() != null) {
            // A custom resource created with a status subresource gets no status: the API server drops
            // it unread, so a status that breaks the schema cannot refuse the create either.
            object.remove("status");
        }
        Optional<ApiResponse> invalid = conformToSchema(type, object, () -> null, request, false);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        if (request.param("dryRun") != null) {
            return new ApiResponse(201, object.toString());
        }
        // The store answers with what it committed (random UID, timestamps, resourceVersion); it takes
        // the node over, so only the name is read from it afterwards.
        String name = object.path("metadata").path("name").asText();
        return withStatusBody(store.create(path.storePath(), object), type, name, object::toString, true);
    }

    ApiResponse update(ResourcePath path, ResourceType type, ApiRequest request) {
        if (path.name() == null) {
            return StatusResponses.failure(405, "MethodNotAllowed", "PUT needs an object name in the URL");
        }
        ObjectNode object = JsonBodies.parseObject(request.body());
        try (ObjectLocks.Held held = locks.lock(path)) {
            JsonNode current = storedObject(path);
            if (current != null) {
                AppliedFields.releaseChanged(current, object);
            }
            return stored(path, type, object, request);
        }
    }

    ApiResponse patch(ResourcePath path, ResourceType type, ApiRequest request) {
        if (path.name() == null) {
            return StatusResponses.failure(405, "MethodNotAllowed", "PATCH needs an object name in the URL");
        }
        try (ObjectLocks.Held held = locks.lock(path)) {
            PatchType patchType = PatchApplier.supportedType(request.contentType());
            if (patchType == PatchType.APPLY_PATCH && isBlank(request.param("fieldManager"))) {
                return StatusResponses.failure(
                        422,
                        "Invalid",
                        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
            }
            ApiResponse current = store.get(path.withName(path.name()).storePath());
            if (current.code() == 404) {
                return patchType == PatchType.APPLY_PATCH && path.subresource() == null
                        ? createByApply(path, type, request)
                        : StatusResponses.notFound(type.qualifiedName(), path.name());
            }
            JsonNode patched = PatchApplier.apply(
                    JsonBodies.parse(current.body()),
                    request.contentType(),
                    request.body(),
                    path.subresource() != null,
                    request.param("fieldManager"),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            if (!(patched instanceof ObjectNode object)) {
                return StatusResponses.failure(422, "Invalid", "the patch does not leave an object");
            }
            return stored(path, type, object, request);
        } catch (PatchException e) {
            return StatusResponses.failure(e.httpCode(), StatusResponses.reasonFor(e.httpCode()), e.getMessage());
        }
    }

    // Server-side apply of a missing object creates it, as on a cluster.
    private ApiResponse createByApply(ResourcePath path, ResourceType type, ApiRequest request) throws PatchException {
        ObjectNode applied = (ObjectNode) PatchApplier.parseApplyConfiguration(request.body());
        String name = applied.path("metadata").path("name").asText("");
        if (!name.isEmpty() && !name.equals(path.name())) {
            return StatusResponses.failure(
                    400,
                    "BadRequest",
                    "the name of the object (" + name + ") does not match the name on the URL (" + path.name() + ")");
        }
        ObjectNode metadata =
                applied.get("metadata") instanceof ObjectNode existing ? existing : applied.putObject("metadata");
        metadata.put("name", path.name());
        // Created by an apply: the manager owns what it stated, as on a cluster.
        ObjectNode owned = (ObjectNode) ApplyPatch.apply(
                applied.deepCopy(),
                applied,
                false,
                request.param("fieldManager"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return create(path.collection(), type, owned, request);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Stores a full object through PUT (on the object, or its status subresource). */
    private ApiResponse stored(ResourcePath path, ResourceType type, ObjectNode object, ApiRequest request) {
        Optional<ApiResponse> undecodable = undecodableMetadata(type, object);
        if (undecodable.isPresent()) {
            return undecodable.get();
        }
        if (type.equals(BuiltInResources.SECRETS)) {
            SecretDefaults.apply(object);
        }
        if (type.equals(BuiltInResources.EVENTS)) {
            EventDefaults.apply(object);
        }
        boolean statusWrite = "status".equals(path.subresource());
        if (type.statusResource() && type.schema() != null && !statusWrite) {
            // A write of the object keeps the stored status, and is validated with it, as on the API
            // server: the status in the body is not read.
            JsonNode stored = storedObject(path);
            if (stored != null && stored.has("status")) {
                object.set("status", stored.get("status").deepCopy());
            } else {
                object.remove("status");
            }
        }
        Optional<ApiResponse> invalid = conformToSchema(type, object, () -> storedObject(path), request, statusWrite);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        if (request.param("dryRun") != null) {
            return new ApiResponse(200, object.toString());
        }
        String name = object.path("metadata").path("name").asText();
        ApiResponse response = store.update(path.storePath(), object);
        if (response.code() == 404) {
            return StatusResponses.notFound(type.qualifiedName(), path.name());
        }
        // Only an update that removed the object answers without body; the store kept no reference then.
        return withStatusBody(response, type, name, object::toString, false);
    }

    ApiResponse delete(ResourcePath path, ResourceType type, ApiRequest request) {
        if (path.name() == null) {
            return deleteCollection(path, type, request);
        }
        if (request.param("dryRun") != null) {
            ApiResponse existing = store.get(path.storePath());
            return existing.code() == 404 ? StatusResponses.notFound(type.qualifiedName(), path.name()) : existing;
        }
        ApiResponse response;
        try (ObjectLocks.Held held = locks.lock(path)) {
            response = NamespaceLifecycle.isNamespaceType(type)
                    ? namespaces.delete(path.name())
                    : store.delete(path.storePath());
        }
        if (response.code() == 404) {
            return StatusResponses.notFound(type.qualifiedName(), path.name());
        }
        return response;
    }

    // The store would delete the whole collection, ignoring selectors: delete what the query selects, one by one.
    private ApiResponse deleteCollection(ResourcePath path, ResourceType type, ApiRequest request) {
        ObjectNode selected = reads.list(ObjectReads.query(path, type, request));
        if (request.param("dryRun") != null) {
            return new ApiResponse(200, selected.toString());
        }
        for (JsonNode item : selected.path("items")) {
            String name = item.path("metadata").path("name").asText();
            String namespace = item.path("metadata").path("namespace").asText(null);
            ResourcePath itemPath = new ResourcePath(
                    path.group(), path.version(), type.namespaced() ? namespace : null, path.plural(), name, null);
            try (ObjectLocks.Held held = locks.lock(itemPath)) {
                if (NamespaceLifecycle.isNamespaceType(type)) {
                    namespaces.delete(name);
                } else {
                    store.delete(itemPath.storePath());
                }
            }
        }
        return new ApiResponse(200, selected.toString());
    }

    // A body whose metadata has the wrong types fails decoding on a cluster (400), before any other check.
    private static Optional<ApiResponse> undecodableMetadata(ResourceType type, ObjectNode object) {
        return ObjectMetaTypes.decodingProblem(object.get("metadata"))
                .map(problem -> StatusResponses.failure(
                        400,
                        "BadRequest",
                        type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                                + ": " + problem));
    }

    // The stored object an update replaces, for transition rules (oldSelf); null when there is none.
    private JsonNode storedObject(ResourcePath path) {
        ApiResponse current = store.get(path.withName(path.name()).storePath());
        return current.isSuccess() ? JsonBodies.parse(current.body()) : null;
    }

    /**
     * Defaults, prunes and validates a custom resource against its CRD schema and CEL rules, as the
     * API server does before storing; {@code fieldValidation=Strict} (kubectl's default) turns unknown
     * fields into an error instead of dropping them silently.
     */
    private Optional<ApiResponse> conformToSchema(
            ResourceType type, ObjectNode object, Supplier<JsonNode> old, ApiRequest request, boolean statusWrite) {
        if (type.equals(BuiltInResources.CUSTOM_RESOURCE_DEFINITIONS)) {
            List<String> violations = CrdShape.violations(object);
            return violations.isEmpty()
                    ? Optional.empty()
                    : Optional.of(StatusResponses.invalid(
                            type.kind(),
                            type.group(),
                            object.path("metadata").path("name").asText(),
                            violations));
        }
        if (type.schema() == null) {
            return Optional.empty();
        }
        StructuralSchema schema = schemaOf(type.schema());
        SchemaFindings schemaFindings =
                schema.apply(object, schema.hasTransitionRules() ? old.get() : null, statusWrite);
        List<String> violations = new ArrayList<>(ObjectMetaTypes.nameViolations(object.path("metadata")));
        violations.addAll(schemaFindings.violations());
        SchemaFindings findings = new SchemaFindings(schemaFindings.unknownFields(), violations);
        if ("Strict".equalsIgnoreCase(request.param("fieldValidation"))
                && !findings.unknownFields().isEmpty()) {
            StringJoiner unknown = new StringJoiner(", ");
            findings.unknownFields().forEach(field -> unknown.add("unknown field \"" + field + "\""));
            return Optional.of(StatusResponses.failure(
                    400,
                    "BadRequest",
                    type.kind() + " in version \"" + type.version() + "\" cannot be handled as a " + type.kind()
                            + ": strict decoding error: " + unknown));
        }
        if (!findings.violations().isEmpty()) {
            return Optional.of(StatusResponses.invalid(
                    type.kind(),
                    type.group(),
                    object.path("metadata").path("name").asText(),
                    findings.violations()));
        }
        return Optional.empty();
    }

    private StructuralSchema schemaOf(JsonNode schema) {
        synchronized (schemas) {
            if (schemas.size() > 256) {
                schemas.clear(); // CRDs changed that often: forget the old versions' checkers
            }
            return schemas.computeIfAbsent(schema, StructuralSchema::new);
        }
    }

    /**
     * Gives store errors the Status a real server sends (naming the resource, not the kind, with the
     * AlreadyExists or Conflict reason kubectl looks for), and a successful
     * write without body (the object was deleted at once) the object.
     */
    private static ApiResponse withStatusBody(
            ApiResponse response, ResourceType type, String name, Supplier<String> sent, boolean create) {
        if (response.isSuccess() && response.body().isEmpty()) {
            return new ApiResponse(200, sent.get());
        }
        if (response.code() == 409 && create) {
            return StatusResponses.failure(
                    409,
                    "AlreadyExists",
                    type.qualifiedName() + " \"" + name + "\" already exists",
                    type.qualifiedName(),
                    name);
        }
        if (response.code() == 409) {
            return StatusResponses.failure(
                    409,
                    "Conflict",
                    "Operation cannot be fulfilled on " + type.qualifiedName()
                            + " \"" + name + "\": the object has been modified; please apply your changes to the latest"
                            + " version and try again",
                    type.qualifiedName(),
                    name);
        }
        if (!response.isSuccess() && response.body().isEmpty()) {
            return StatusResponses.failure(
                    response.code(),
                    StatusResponses.reasonFor(response.code()),
                    type.qualifiedName() + " \"" + name + "\": request failed");
        }
        return response;
    }
}
