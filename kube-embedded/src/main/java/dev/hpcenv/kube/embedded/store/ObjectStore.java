package dev.hpcenv.kube.embedded.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The object store, addressed with canonical API paths (no query strings) and answering with status
 * code and JSON body. It keeps uid, creationTimestamp, resourceVersion, generation (bumped on
 * changes outside metadata and status), the status subresource split, and finalizer-aware deletion.
 *
 * <p>Objects are indexed by kind, then namespace and name, so no request looks at objects it does
 * not address. Writes to one object are serialised by a lock striped over object keys; different
 * objects are written in parallel. Only the commit itself (resourceVersion assignment, the index
 * swap and the change report) is serialised store-wide, so that every change is reported once, in
 * resourceVersion order; the listener runs inside it and must not block.
 */
public final class ObjectStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEY_STRIPES = 64;

    private final Consumer<StoredChange> changes;
    private final Predicate<KindKey> statusSubresource;
    private final Clock clock;
    private final ConcurrentHashMap<KindKey, KindIndex> kinds = new ConcurrentHashMap<>();
    private final ReentrantLock[] keyLocks = new ReentrantLock[KEY_STRIPES];
    private final ReentrantLock commitLock = new ReentrantLock();
    // Incremented only under commitLock; read without it by listings.
    private final AtomicLong resourceVersion = new AtomicLong();

    /**
     * @param changes           told of every committed change, in resourceVersion order
     * @param statusSubresource the kinds whose status is written only through {@code /status}
     */
    public ObjectStore(Consumer<StoredChange> changes, Predicate<KindKey> statusSubresource, Clock clock) {
        this.changes = changes;
        this.statusSubresource = statusSubresource;
        this.clock = clock;
        for (int i = 0; i < KEY_STRIPES; i++) {
            keyLocks[i] = new ReentrantLock();
        }
    }

    /** An object (200, or 404 with no body), or a collection as a List. */
    public ApiResponse get(String path) {
        Optional<StorePath> parsed = StorePath.parse(path);
        if (parsed.isEmpty()) {
            return StatusResponses.unknownPath();
        }
        StorePath target = parsed.get();
        if (target.name() == null) {
            Listing listing = list(target.kind(), target.namespace());
            return new ApiResponse(200, listJson(listing.items(), listing.resourceVersion()));
        }
        StoredObject stored = index(target.kind()).get(target.key());
        return stored == null ? new ApiResponse(404, "") : new ApiResponse(200, stored.json());
    }

    /** The objects of a kind, in one namespace or (null) all, sorted by namespace and name. */
    public Listing list(KindKey kind, String namespace) {
        return index(kind).list(namespace, resourceVersion::get);
    }

    /** Creates an object in a collection: 201 with the stored object, 409 if it exists. */
    public ApiResponse create(String collectionPath, String json) {
        ObjectNode object;
        try {
            object = parseObject(json);
        } catch (IllegalArgumentException e) {
            return StatusResponses.failure(400, "BadRequest", e.getMessage());
        }
        return create(collectionPath, object);
    }

    /**
     * {@link #create(String, String)} for a body the caller has parsed already (the HTTP front
     * does, to default and validate it): the store takes the node over, the caller must not touch
     * it afterwards.
     */
    public ApiResponse create(String collectionPath, ObjectNode object) {
        Optional<StorePath> parsed = StorePath.parse(collectionPath);
        if (parsed.isEmpty()) {
            return StatusResponses.unknownPath();
        }
        Optional<ApiResponse> invalid =
                WriteRules.missingRequired(object).or(() -> WriteRules.mismatchedNamespace(parsed.get(), object));
        if (invalid.isPresent()) {
            return invalid.get();
        }
        StorePath collection = parsed.get();
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        if (metadata.path("name").asText("").isEmpty()) {
            metadata.put("name", metadata.path("generateName").asText() + "-" + UUID.randomUUID());
        }
        if (collection.namespace() == null) {
            metadata.remove("namespace");
        } else {
            metadata.put("namespace", collection.namespace());
        }
        metadata.remove("deletionTimestamp");
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put(
                "creationTimestamp",
                clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        if (WriteRules.hasGeneration(collection.kind())) {
            metadata.put("generation", 1L);
        } else {
            metadata.remove("generation");
        }
        if (statusSubresource.test(collection.kind())) {
            object.remove("status");
        }
        StorePath target = new StorePath(
                collection.kind(), collection.namespace(), metadata.get("name").asText(), null);
        KindIndex index = index(target.kind());
        ReentrantLock lock = lockFor(target);
        lock.lock();
        try {
            if (index.get(target.key()) != null) {
                return StatusResponses.failure(
                        409, "AlreadyExists", object.path("kind").asText() + " '" + target.name() + "' already exists");
            }
            return new ApiResponse(201, commitWrite(target, index, object, null).json());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces an object (keeping its status where the kind has a status subresource), or on a
     * {@code .../status} path only its status: 200 with the stored object, 404, 409 on a stale
     * resourceVersion. An update that leaves a deleted object without finalizers removes it (200,
     * no body).
     */
    public ApiResponse update(String path, String json) {
        ObjectNode body;
        try {
            body = parseObject(json);
        } catch (IllegalArgumentException e) {
            return StatusResponses.failure(400, "BadRequest", e.getMessage());
        }
        return update(path, body);
    }

    /** {@link #update(String, String)} for a parsed body, which the store takes over (see {@link #create(String, ObjectNode)}). */
    public ApiResponse update(String path, ObjectNode body) {
        Optional<StorePath> parsed = StorePath.parse(path);
        if (parsed.isEmpty() || parsed.get().name() == null) {
            return StatusResponses.unknownPath();
        }
        StorePath target = parsed.get();
        Optional<ApiResponse> invalid = WriteRules.missingRequired(body);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        KindIndex index = index(target.kind());
        ReentrantLock lock = lockFor(target);
        lock.lock();
        try {
            StoredObject current = index.get(target.key());
            if (current == null) {
                return new ApiResponse(404, "");
            }
            ObjectNode updated;
            if (target.isStatus()) {
                updated = current.node().deepCopy();
                WriteRules.copyStatus(body, updated);
            } else {
                updated = body;
                if (statusSubresource.test(target.kind())) {
                    WriteRules.copyStatus(current.node(), updated);
                }
            }
            invalid = WriteRules.mismatchedPath(target, updated);
            if (invalid.isPresent()) {
                return invalid.get();
            }
            if (WriteRules.isStale(current.node(), updated)) {
                return StatusResponses.failure(409, "Conflict", "the object has been modified");
            }
            WriteRules.keepServerOwnedMetadata(current.node(), updated);
            if (WriteRules.isMarkedForDeletion(updated) && !WriteRules.hasFinalizers(updated)) {
                commitRemoval(target, index, current);
                return new ApiResponse(200, "");
            }
            if (!target.isStatus()) {
                WriteRules.bumpGenerationOnSpecChange(current.node(), updated);
            }
            if (updated.equals(current.node())) {
                return new ApiResponse(200, current.json());
            }
            return new ApiResponse(
                    200, commitWrite(target, index, updated, current).json());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes an object (200 with the object as it was, or 404), or every object of a collection
     * path (200 with them as a List); objects with finalizers are only marked with a deletionTimestamp.
     */
    public ApiResponse delete(String path) {
        Optional<StorePath> parsed = StorePath.parse(path);
        if (parsed.isEmpty()) {
            return StatusResponses.unknownPath();
        }
        StorePath target = parsed.get();
        KindIndex index = index(target.kind());
        if (target.name() != null) {
            StoredObject deleted = deleteOne(target, index);
            return deleted == null ? new ApiResponse(404, "") : new ApiResponse(200, deleted.json());
        }
        List<JsonNode> deleted = new ArrayList<>();
        for (ObjectKey key : index.keys(target.namespace())) {
            String namespace = key.namespace().isEmpty() ? null : key.namespace();
            StoredObject gone = deleteOne(new StorePath(target.kind(), namespace, key.name(), null), index);
            if (gone != null) {
                deleted.add(gone.node());
            }
        }
        return new ApiResponse(200, listJson(deleted, resourceVersion.get()));
    }

    private StoredObject deleteOne(StorePath target, KindIndex index) {
        ReentrantLock lock = lockFor(target);
        lock.lock();
        try {
            StoredObject current = index.get(target.key());
            if (current == null) {
                return null;
            }
            if (!WriteRules.hasFinalizers(current.node())) {
                commitRemoval(target, index, current);
            } else if (!WriteRules.isMarkedForDeletion(current.node())) {
                ObjectNode marked = current.node().deepCopy();
                WriteRules.markForDeletion(
                        (ObjectNode) marked.get("metadata"),
                        clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
                commitWrite(target, index, marked, current);
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    // The only store-wide critical section: no parsing, no scanning, one object serialised.
    private StoredObject commitWrite(StorePath target, KindIndex index, ObjectNode object, StoredObject previous) {
        return index.committing(() -> {
            commitLock.lock();
            try {
                long version = resourceVersion.incrementAndGet();
                ((ObjectNode) object.get("metadata")).put("resourceVersion", String.valueOf(version));
                StoredObject stored = new StoredObject(object, object.toString());
                index.put(target.key(), stored);
                changes.accept(new StoredChange(
                        previous == null ? ChangeType.ADDED : ChangeType.MODIFIED,
                        target.kind().group(),
                        target.kind().version(),
                        target.kind().plural(),
                        version,
                        object,
                        previous == null ? null : previous.node()));
                return stored;
            } finally {
                commitLock.unlock();
            }
        });
    }

    private void commitRemoval(StorePath target, KindIndex index, StoredObject previous) {
        // The DELETED event carries a version of its own, as on a real API server.
        ObjectNode gone = previous.node().deepCopy();
        index.committing(() -> {
            commitLock.lock();
            try {
                long version = resourceVersion.incrementAndGet();
                ((ObjectNode) gone.get("metadata")).put("resourceVersion", String.valueOf(version));
                index.remove(target.key());
                changes.accept(new StoredChange(
                        ChangeType.DELETED,
                        target.kind().group(),
                        target.kind().version(),
                        target.kind().plural(),
                        version,
                        gone,
                        previous.node()));
                return null;
            } finally {
                commitLock.unlock();
            }
        });
    }

    private KindIndex index(KindKey kind) {
        return kinds.computeIfAbsent(kind, k -> new KindIndex());
    }

    private ReentrantLock lockFor(StorePath target) {
        return keyLocks[Math.floorMod(Objects.hash(target.kind(), target.key()), KEY_STRIPES)];
    }

    private static ObjectNode parseObject(String json) {
        try {
            if (JSON.readTree(json) instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        throw new IllegalArgumentException("the request body is not a JSON object");
    }

    private static String listJson(List<JsonNode> items, long version) {
        StringBuilder json = new StringBuilder(
                        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"")
                .append(version)
                .append("\"},\"items\":[");
        for (int i = 0; i < items.size(); i++) {
            json.append(i == 0 ? "" : ",").append(items.get(i).toString());
        }
        return json.append("]}").toString();
    }
}
