package dev.hpcenv.kube.embedded.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.discovery.BuiltInResources;
import dev.hpcenv.kube.embedded.discovery.ResourceCatalog;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.store.ObjectStore;

/**
 * Namespaces, kept simple on purpose.
 *
 * <ul>
 *   <li>Objects can only be created in a namespace that exists (a real API server answers 404 too);
 *       default, kube-system, kube-public and kube-node-lease exist from the start.</li>
 *   <li>New namespaces get {@code status.phase: Active}.</li>
 *   <li>Deleting a namespace deletes every object in it, each as if deleted on its own: objects
 *       with finalizers are only marked (deletionTimestamp) and stay until their finalizers are
 *       removed, so the operator's finalizer still runs. Unlike a real cluster, the Namespace
 *       object itself goes at once rather than staying Terminating until it is empty.</li>
 * </ul>
 */
public final class NamespaceLifecycle {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACES_PATH = "/api/v1/namespaces";

    private final ObjectStore store;
    private final ResourceCatalog catalog;

    public NamespaceLifecycle(ObjectStore store, ResourceCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    public void createInitialNamespaces() {
        for (String name : BuiltInResources.INITIAL_NAMESPACES) {
            ObjectNode namespace = JSON.createObjectNode();
            namespace.put("apiVersion", "v1");
            namespace.put("kind", "Namespace");
            namespace.putObject("metadata").put("name", name);
            store.create(NAMESPACES_PATH, markActive(namespace).toString());
        }
    }

    public boolean exists(String name) {
        return store.get(NAMESPACES_PATH + "/" + name).code() == 200;
    }

    /** Sets {@code status.phase: Active} on a Namespace about to be created. */
    public ObjectNode markActive(ObjectNode namespace) {
        ObjectNode status =
                namespace.get("status") instanceof ObjectNode existing ? existing : namespace.putObject("status");
        if (!status.has("phase")) {
            status.put("phase", "Active");
        }
        return namespace;
    }

    /** Deletes the objects in the namespace (finalizers honoured), then the namespace. */
    public ApiResponse delete(String name) {
        if (!exists(name)) {
            return store.delete(NAMESPACES_PATH + "/" + name);
        }
        for (ResourceType type : catalog.all()) {
            if (type.namespaced()) {
                store.delete(type.apiPrefix() + "/namespaces/" + name + "/" + type.plural());
            }
        }
        return store.delete(NAMESPACES_PATH + "/" + name);
    }

    /** Whether a create in {@code namespace} of this kind must be refused because the namespace is missing. */
    public boolean isMissing(ResourceType type, String namespace) {
        return type.namespaced() && namespace != null && !exists(namespace);
    }

    /** The kind of objects this class manages. */
    public static boolean isNamespaceType(ResourceType type) {
        return type.equals(BuiltInResources.NAMESPACES);
    }
}
