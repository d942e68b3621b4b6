package dev.hpcenv.kube.embedded.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** The stored {@code rbac.authorization.k8s.io/v1} objects an authorizer reads, at the moment it asks. */
public interface RbacObjects {

    List<JsonNode> clusterRoleBindings();

    List<JsonNode> roleBindings(String namespace);

    List<JsonNode> clusterRoles();

    Optional<JsonNode> role(String namespace, String name);
}
