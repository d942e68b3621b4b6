package dev.hpcenv.kube.embedded.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The default ClusterRoles and ClusterRoleBindings a fresh cluster has, as far as the kinds served
 * here go: {@code cluster-admin} (bound to system:masters), {@code system:discovery},
 * {@code system:basic-user} and {@code system:public-info-viewer} bound to system:authenticated (so a
 * token user can discover the API and ask about itself, and nothing more), and the aggregated
 * {@code admin}, {@code edit} and {@code view} with their {@code system:aggregate-to-*} parts, whose
 * rules are a subset of the real ones (only kinds this API serves). A chart's role labelled
 * {@code rbac.authorization.k8s.io/aggregate-to-view: "true"} joins {@code view} as on a cluster.
 */
public final class BootstrapPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGGREGATE = "rbac.authorization.k8s.io/aggregate-to-";
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> WRITE = List.of("create", "delete", "deletecollection", "patch", "update");
    private static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private BootstrapPolicy() {}

    public static List<ObjectNode> clusterRoles() {
        List<ObjectNode> roles = new ArrayList<>();
        ObjectNode admin = role("cluster-admin", Map.of());
        addRule(admin, List.of("*"), List.of("*"), List.of("*"));
        nonResource(admin, List.of("*"), List.of("*"));
        roles.add(admin);

        ObjectNode discovery = role("system:discovery", Map.of());
        nonResource(
                discovery,
                List.of("get"),
                List.of(
                        "/api",
                        "/api/*",
                        "/apis",
                        "/apis/*",
                        "/healthz",
                        "/livez",
                        "/openapi",
                        "/openapi/*",
                        "/readyz",
                        "/version",
                        "/version/"));
        roles.add(discovery);
        ObjectNode publicInfo = role("system:public-info-viewer", Map.of());
        nonResource(publicInfo, List.of("get"), List.of("/healthz", "/livez", "/readyz", "/version", "/version/"));
        roles.add(publicInfo);
        ObjectNode basicUser = role("system:basic-user", Map.of());
        addRule(
                basicUser,
                List.of("create"),
                List.of("authorization.k8s.io"),
                List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews"));
        roles.add(basicUser);

        roles.add(aggregated("admin", "admin", Map.of()));
        roles.add(aggregated("edit", "edit", Map.of(AGGREGATE + "admin", "true")));
        roles.add(aggregated("view", "view", Map.of(AGGREGATE + "edit", "true")));

        ObjectNode toAdmin = role("system:aggregate-to-admin", Map.of(AGGREGATE + "admin", "true"));
        addRule(toAdmin, ALL_VERBS, List.of("rbac.authorization.k8s.io"), List.of("rolebindings", "roles"));
        addRule(toAdmin, List.of("create"), List.of("authorization.k8s.io"), List.of("localsubjectaccessreviews"));
        roles.add(toAdmin);
        ObjectNode toEdit = role("system:aggregate-to-edit", Map.of(AGGREGATE + "edit", "true"));
        addRule(
                toEdit,
                WRITE,
                List.of(""),
                List.of("configmaps", "endpoints", "secrets", "serviceaccounts", "services"));
        addRule(toEdit, READ, List.of(""), List.of("secrets", "serviceaccounts"));
        roles.add(toEdit);
        ObjectNode toView = role("system:aggregate-to-view", Map.of(AGGREGATE + "view", "true"));
        addRule(toView, READ, List.of(""), List.of("configmaps", "endpoints", "events", "serviceaccounts", "services"));
        addRule(toView, READ, List.of(""), List.of("namespaces"));
        addRule(toView, READ, List.of("discovery.k8s.io"), List.of("endpointslices"));
        roles.add(toView);
        return roles;
    }

    public static List<ObjectNode> clusterRoleBindings() {
        return List.of(
                binding("cluster-admin", "cluster-admin", List.of(Identity.MASTERS)),
                binding("system:discovery", "system:discovery", List.of(Identity.AUTHENTICATED)),
                binding("system:basic-user", "system:basic-user", List.of(Identity.AUTHENTICATED)),
                binding(
                        "system:public-info-viewer",
                        "system:public-info-viewer",
                        List.of(Identity.AUTHENTICATED, "system:unauthenticated")));
    }

    private static ObjectNode role(String name, Map<String, String> labels) {
        ObjectNode role = JSON.createObjectNode();
        role.put("apiVersion", "rbac.authorization.k8s.io/v1");
        role.put("kind", "ClusterRole");
        ObjectNode metadata = role.putObject("metadata");
        metadata.put("name", name);
        ObjectNode labelNode = metadata.putObject("labels");
        labelNode.put("kubernetes.io/bootstrapping", "rbac-defaults");
        labels.forEach(labelNode::put);
        metadata.putObject("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
        role.putArray("rules");
        return role;
    }

    private static ObjectNode aggregated(String name, String selects, Map<String, String> labels) {
        ObjectNode role = role(name, labels);
        role.putObject("aggregationRule")
                .putArray("clusterRoleSelectors")
                .addObject()
                .putObject("matchLabels")
                .put(AGGREGATE + selects, "true");
        return role;
    }

    private static void addRule(ObjectNode role, List<String> verbs, List<String> groups, List<String> resources) {
        ObjectNode rule = ((ArrayNode) role.get("rules")).addObject();
        rule.set("verbs", strings(verbs));
        rule.set("apiGroups", strings(groups));
        rule.set("resources", strings(resources));
    }

    private static void nonResource(ObjectNode role, List<String> verbs, List<String> urls) {
        ObjectNode rule = ((ArrayNode) role.get("rules")).addObject();
        rule.set("verbs", strings(verbs));
        rule.set("nonResourceURLs", strings(urls));
    }

    private static ObjectNode binding(String name, String role, List<String> groups) {
        ObjectNode binding = JSON.createObjectNode();
        binding.put("apiVersion", "rbac.authorization.k8s.io/v1");
        binding.put("kind", "ClusterRoleBinding");
        ObjectNode metadata = binding.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("labels").put("kubernetes.io/bootstrapping", "rbac-defaults");
        metadata.putObject("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
        binding.putObject("roleRef")
                .put("apiGroup", "rbac.authorization.k8s.io")
                .put("kind", "ClusterRole")
                .put("name", role);
        ArrayNode subjects = binding.putArray("subjects");
        for (String group : groups) {
            subjects.addObject()
                    .put("apiGroup", "rbac.authorization.k8s.io")
                    .put("kind", "Group")
                    .put("name", group);
        }
        return binding;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }
}
