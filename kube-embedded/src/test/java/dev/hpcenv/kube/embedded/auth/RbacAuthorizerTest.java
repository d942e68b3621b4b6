package dev.hpcenv.kube.embedded.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RBAC authorizer as the Kubernetes RBAC documentation describes it
 * (https://kubernetes.io/docs/reference/access-authn-authz/rbac/): a table of requests against one
 * set of roles and bindings, each with the decision and, when allowed, the binding the API server
 * names in its reason.
 */
class RbacAuthorizerTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final String POLICY = """
            kind: ClusterRole
            metadata: {name: job-reader}
            rules:
            - {verbs: [get, list, watch], apiGroups: [hpcenv.dev], resources: [hpcjobs]}
            ---
            kind: ClusterRole
            metadata: {name: log-reader, labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}}
            rules:
            - {verbs: [get], apiGroups: [logs.hpcenv.dev], resources: [hpcjobs/log]}
            ---
            kind: ClusterRole
            metadata: {name: job-viewer-parts, labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}}
            rules:
            - {verbs: [get, list, watch], apiGroups: [hpcenv.dev], resources: [hpcjobs, hpcenvironments]}
            ---
            kind: ClusterRole
            metadata: {name: view, labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}}
            aggregationRule:
              clusterRoleSelectors:
              - matchLabels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
            rules: []
            ---
            kind: ClusterRole
            metadata: {name: edit-parts, labels: {rbac.authorization.k8s.io/aggregate-to-edit: "true"}}
            rules:
            - {verbs: [create, delete, patch, update], apiGroups: [hpcenv.dev], resources: [hpcjobs]}
            ---
            kind: ClusterRole
            metadata: {name: edit}
            aggregationRule:
              clusterRoleSelectors:
              - matchExpressions:
                - {key: rbac.authorization.k8s.io/aggregate-to-edit, operator: In, values: ["true"]}
            ---
            kind: ClusterRole
            metadata: {name: status-writer}
            rules:
            - {verbs: [patch], apiGroups: ["*"], resources: ["*/status"]}
            ---
            kind: ClusterRole
            metadata: {name: one-secret}
            rules:
            - {verbs: [get], apiGroups: [""], resources: [secrets], resourceNames: [token-a]}
            ---
            kind: ClusterRole
            metadata: {name: health}
            rules:
            - {verbs: [get], nonResourceURLs: [/healthz, "/metrics/*"]}
            ---
            kind: ClusterRoleBinding
            metadata: {name: everyone-health}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: health}
            subjects: [{kind: Group, name: system:authenticated}]
            ---
            kind: ClusterRoleBinding
            metadata: {name: auditors-read-jobs}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: job-reader}
            subjects: [{kind: Group, name: auditors}]
            ---
            kind: RoleBinding
            metadata: {name: alice-view, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{kind: User, name: alice}]
            ---
            kind: RoleBinding
            metadata: {name: carol-edit, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
            subjects: [{kind: User, name: carol}]
            ---
            kind: Role
            metadata: {name: secret-reader, namespace: team-b}
            rules:
            - {verbs: [get, list], apiGroups: [""], resources: [secrets]}
            ---
            kind: RoleBinding
            metadata: {name: bob-secrets, namespace: team-b}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: secret-reader}
            subjects: [{kind: User, name: bob}, {kind: ServiceAccount, name: builder}]
            ---
            kind: RoleBinding
            metadata: {name: bob-one-secret, namespace: team-c}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: one-secret}
            subjects: [{kind: User, name: bob}]
            ---
            kind: RoleBinding
            metadata: {name: dave-status, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: status-writer}
            subjects: [{kind: ServiceAccount, name: robot, namespace: ops}]
            ---
            kind: RoleBinding
            metadata: {name: erin-missing, namespace: team-a}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: no-such-role}
            subjects: [{kind: User, name: erin}]
            """;

    private final RbacAuthorizer authorizer = new RbacAuthorizer(objects(POLICY));

    static Stream<Arguments> cases() {
        return Stream.of(
                // user, groups, verb, group, namespace, resource, subresource, name -> allowed, reason
                row(
                        "alice",
                        "get",
                        "hpcenv.dev",
                        "team-a",
                        "hpcjobs",
                        "",
                        "j1",
                        "RoleBinding \"alice-view/team-a\" of ClusterRole \"view\" to User \"alice\""),
                row(
                        "alice",
                        "get",
                        "logs.hpcenv.dev",
                        "team-a",
                        "hpcjobs",
                        "log",
                        "j1",
                        "RoleBinding \"alice-view/team-a\" of ClusterRole \"view\" to User \"alice\""),
                row(
                        "alice",
                        "watch",
                        "hpcenv.dev",
                        "team-a",
                        "hpcenvironments",
                        "",
                        "",
                        "RoleBinding \"alice-view/team-a\"" + " of ClusterRole \"view\" to User \"alice\""),
                // a RoleBinding grants in its own namespace only
                row("alice", "get", "logs.hpcenv.dev", "team-b", "hpcjobs", "log", "j1", null),
                // view does not write; the log subresource is not the resource
                row("alice", "delete", "hpcenv.dev", "team-a", "hpcjobs", "", "j1", null),
                row("alice", "get", "logs.hpcenv.dev", "team-a", "hpcjobs", "", "j1", null),
                row("alice", "get", "hpcenv.dev", "team-a", "hpcjobs", "log", "j1", null),
                // edit aggregates view (labelled aggregate-to-edit) and edit-parts: transitively
                row(
                        "carol",
                        "get",
                        "logs.hpcenv.dev",
                        "team-a",
                        "hpcjobs",
                        "log",
                        "j1",
                        "RoleBinding \"carol-edit/team-a\" of ClusterRole \"edit\" to User \"carol\""),
                row(
                        "carol",
                        "delete",
                        "hpcenv.dev",
                        "team-a",
                        "hpcjobs",
                        "",
                        "j1",
                        "RoleBinding \"carol-edit/team-a\" of ClusterRole \"edit\" to User \"carol\""),
                // a group's ClusterRoleBinding grants everywhere
                row(
                        "zoe",
                        List.of("auditors"),
                        "list",
                        "hpcenv.dev",
                        "team-z",
                        "hpcjobs",
                        "",
                        "",
                        "ClusterRoleBinding \"auditors-read-jobs\" of ClusterRole \"job-reader\" to Group \"auditors\""),
                row(
                        "zoe",
                        List.of("auditors"),
                        "list",
                        "hpcenv.dev",
                        "",
                        "hpcjobs",
                        "",
                        "",
                        "ClusterRoleBinding \"auditors-read-jobs\" of ClusterRole \"job-reader\" to Group \"auditors\""),
                row("zoe", List.of("auditors"), "list", "", "team-z", "secrets", "", "", null),
                // a Role in the binding's namespace
                row(
                        "bob",
                        "list",
                        "",
                        "team-b",
                        "secrets",
                        "",
                        "",
                        "RoleBinding \"bob-secrets/team-b\" of Role" + " \"secret-reader\" to User \"bob\""),
                row("bob", "watch", "", "team-b", "secrets", "", "", null),
                // resourceNames: that name only, and never a list
                row(
                        "bob",
                        "get",
                        "",
                        "team-c",
                        "secrets",
                        "",
                        "token-a",
                        "RoleBinding \"bob-one-secret/team-c\" of" + " ClusterRole \"one-secret\" to User \"bob\""),
                row("bob", "get", "", "team-c", "secrets", "", "token-b", null),
                row("bob", "list", "", "team-c", "secrets", "", "", null),
                // a ServiceAccount subject: the binding's namespace when it names none, its own otherwise
                row(
                        "system:serviceaccount:team-b:builder",
                        "get",
                        "",
                        "team-b",
                        "secrets",
                        "",
                        "x",
                        "RoleBinding \"bob-secrets/team-b\" of Role \"secret-reader\" to ServiceAccount \"builder/team-b\""),
                row("system:serviceaccount:team-a:builder", "get", "", "team-b", "secrets", "", "x", null),
                row(
                        "system:serviceaccount:ops:robot",
                        "patch",
                        "hpcenv.dev",
                        "team-a",
                        "hpcjobs",
                        "status",
                        "j",
                        "RoleBinding \"dave-status/team-a\" of ClusterRole \"status-writer\" to ServiceAccount \"robot/ops\""),
                // */status matches the status of any resource, not the resource
                row(
                        "system:serviceaccount:ops:robot",
                        "patch",
                        "",
                        "team-a",
                        "pods",
                        "status",
                        "p",
                        "RoleBinding \"dave-status/team-a\" of ClusterRole \"status-writer\" to ServiceAccount \"robot/ops\""),
                row("system:serviceaccount:ops:robot", "patch", "hpcenv.dev", "team-a", "hpcjobs", "", "j", null),
                // system:masters is allowed before RBAC, with no reason
                row("root", List.of(Identity.MASTERS), "delete", "", "", "nodes", "", "n1", ""),
                // nobody else has any right
                row("mallory", "get", "hpcenv.dev", "team-a", "hpcjobs", "", "j1", null));
    }

    private static Arguments row(
            String user,
            String verb,
            String group,
            String ns,
            String resource,
            String sub,
            String name,
            String reason) {
        return row(user, List.of(), verb, group, ns, resource, sub, name, reason);
    }

    private static Arguments row(
            String user,
            List<String> groups,
            String verb,
            String group,
            String ns,
            String resource,
            String sub,
            String name,
            String reason) {
        return Arguments.of(user, groups, verb, group, ns, resource, sub, name, reason);
    }

    @ParameterizedTest(name = "{0} {2} {3}/{5}/{6} {7} in {4}")
    @MethodSource("cases")
    void decidesAsRbac(
            String user,
            List<String> groups,
            String verb,
            String group,
            String namespace,
            String resource,
            String subresource,
            String name,
            String allowedBy) {
        RbacAuthorizer.Decision decision = authorizer.authorize(RequestAttributes.resource(
                Identity.authenticated(user, groups), verb, group, namespace, resource, subresource, name));

        if (allowedBy == null) {
            assertThat(decision.allowed()).as(decision.reason()).isFalse();
        } else {
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.reason()).isEqualTo(allowedBy.isEmpty() ? "" : "RBAC: allowed by " + allowedBy);
        }
    }

    @Test
    void nonResourceUrlsMatchExactlyOrByATrailingStar() {
        Identity anyone = Identity.authenticated("anyone", List.of());
        assertThat(allowed(RequestAttributes.nonResource(anyone, "get", "/healthz")))
                .isTrue();
        assertThat(allowed(RequestAttributes.nonResource(anyone, "get", "/healthz/etcd")))
                .isFalse();
        assertThat(allowed(RequestAttributes.nonResource(anyone, "get", "/metrics/cadvisor")))
                .isTrue();
        assertThat(allowed(RequestAttributes.nonResource(anyone, "post", "/healthz")))
                .isFalse();
        // without system:authenticated (a SubjectAccessReview states the groups exactly), no binding applies
        assertThat(allowed(RequestAttributes.nonResource(new Identity("anyone", List.of()), "get", "/healthz")))
                .isFalse();
    }

    @Test
    void aBindingToAMissingRoleIsNamedInTheDenial() {
        RbacAuthorizer.Decision decision = authorizer.authorize(RequestAttributes.resource(
                Identity.authenticated("erin", List.of()), "get", "", "team-a", "configmaps", "", "c"));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason())
                .isEqualTo("rbac: RBAC: clusterrole.rbac.authorization.k8s.io \"no-such-role\" not found");
    }

    @Test
    void anAggregatedRoleFollowsTheRolesItSelectsAtEachDecision() throws IOException {
        List<JsonNode> documents = documents(POLICY);
        documents.removeIf(d -> d.path("metadata").path("name").asText().equals("log-reader"));
        RbacAuthorizer without = new RbacAuthorizer(new ListedObjects(documents));

        assertThat(without.authorize(RequestAttributes.resource(
                                Identity.authenticated("alice", List.of()),
                                "get",
                                "logs.hpcenv.dev",
                                "team-a",
                                "hpcjobs",
                                "log",
                                "j1"))
                        .allowed())
                .isFalse();
    }

    @Test
    void rulesForListsTheRulesOfEveryApplyingBinding() {
        List<JsonNode> rules = authorizer.rulesFor(Identity.authenticated("alice", List.of()), "team-a");

        assertThat(rules)
                .extracting(rule -> rule.has("nonResourceURLs")
                        ? rule.path("nonResourceURLs").toString()
                        : rule.path("resources").toString())
                .containsExactlyInAnyOrder(
                        "[\"/healthz\",\"/metrics/*\"]", "[\"hpcjobs/log\"]", "[\"hpcjobs\",\"hpcenvironments\"]");
    }

    private boolean allowed(RequestAttributes request) {
        return authorizer.authorize(request).allowed();
    }

    private static RbacObjects objects(String yaml) {
        try {
            return new ListedObjects(documents(yaml));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(documents::add);
        }
        return documents;
    }

    /** The RBAC objects of a list of documents, as the store would list them. */
    record ListedObjects(List<JsonNode> documents) implements RbacObjects {
        private Stream<JsonNode> of(String kind, String namespace) {
            return documents.stream()
                    .filter(d -> d.path("kind").asText().equals(kind))
                    .filter(d -> namespace == null
                            || d.path("metadata").path("namespace").asText().equals(namespace));
        }

        @Override
        public List<JsonNode> clusterRoleBindings() {
            return of("ClusterRoleBinding", null).toList();
        }

        @Override
        public List<JsonNode> roleBindings(String namespace) {
            return of("RoleBinding", namespace).toList();
        }

        @Override
        public List<JsonNode> clusterRoles() {
            return of("ClusterRole", null).toList();
        }

        @Override
        public Optional<JsonNode> role(String namespace, String name) {
            return of("Role", namespace)
                    .filter(d -> d.path("metadata").path("name").asText().equals(name))
                    .findFirst();
        }
    }
}
