package dev.hpcenv.kube.embedded.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.kube.embedded.discovery.BuiltInResources;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import dev.hpcenv.kube.embedded.store.KindKey;
import dev.hpcenv.kube.embedded.store.ObjectStore;
import java.util.List;
import java.util.Optional;

/** {@link RbacObjects} read from the object store, as they are at each call. */
public final class StoredRbacObjects implements RbacObjects {

    private final ObjectStore store;

    public StoredRbacObjects(ObjectStore store) {
        this.store = store;
    }

    @Override
    public List<JsonNode> clusterRoleBindings() {
        return store.list(key(BuiltInResources.CLUSTER_ROLE_BINDINGS), null).items();
    }

    @Override
    public List<JsonNode> roleBindings(String namespace) {
        return store.list(key(BuiltInResources.ROLE_BINDINGS), namespace).items();
    }

    @Override
    public List<JsonNode> clusterRoles() {
        return store.list(key(BuiltInResources.CLUSTER_ROLES), null).items();
    }

    @Override
    public Optional<JsonNode> role(String namespace, String name) {
        return store.list(key(BuiltInResources.ROLES), namespace).items().stream()
                .filter(role -> role.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    private static KindKey key(ResourceType type) {
        return new KindKey(type.group(), type.version(), type.plural());
    }
}
