package dev.hpcenv.kube.embedded.auth;

import static dev.hpcenv.kube.embedded.auth.ReviewAttributes.nonResource;
import static dev.hpcenv.kube.embedded.auth.ReviewAttributes.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.ApiCalls;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authentication and authorisation over HTTP: bearer-token users get 401 or the API server's 403
 * unless the stored RBAC objects grant the request (watches and discovery included); requests
 * without a token stay the admin's; access reviews answer from the same authorizer.
 */
class AccessControlTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
    private static final String SAR = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    private EmbeddedKubernetesApi api;
    private ApiCalls admin;
    private ApiCalls alice;

    @BeforeEach
    void start() throws Exception {
        api = EmbeddedKubernetesApi.withCrds(List.of(), 0)
                .addUser("alice-token", "alice", List.of("readers"))
                .start();
        admin = ApiCalls.admin(api);
        alice = ApiCalls.withToken(api, "alice-token");
        admin.create("/api/v1/namespaces", "Namespace", "{\"metadata\": {\"name\": \"team-a\"}}");
        admin.create(RBAC + "/namespaces/team-a/roles", "Role", """
                {"metadata": {"name": "cm-reader"},
                 "rules": [{"verbs": ["get", "list"], "apiGroups": [""], "resources": ["configmaps"]}]}""");
        admin.create(RBAC + "/namespaces/team-a/rolebindings", "RoleBinding", """
                {"metadata": {"name": "alice-cm"},
                 "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "cm-reader"},
                 "subjects": [{"kind": "User", "name": "alice"}]}""");
        // what the chart does for the log API: a rule aggregated into view, view bound in a namespace
        admin.create(RBAC + "/clusterroles", "ClusterRole", """
                {"metadata": {"name": "hpcjob-logs-view",
                              "labels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}},
                 "rules": [{"verbs": ["get"], "apiGroups": ["logs.hpcenv.dev"], "resources": ["hpcjobs/log"]}]}""");
        admin.create(RBAC + "/namespaces/team-a/rolebindings", "RoleBinding", """
                {"metadata": {"name": "readers-view"},
                 "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
                 "subjects": [{"kind": "Group", "name": "readers"}]}""");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anUnknownTokenOrAnotherSchemeIs401() throws Exception {
        ApiCalls.Reply unknown = ApiCalls.withToken(api, "not-a-token").get("/api/v1/namespaces");
        ApiCalls.Reply basic = admin.send(admin.request("/api/v1/namespaces").header("Authorization", "Basic YTpi"));

        for (ApiCalls.Reply reply : List.of(unknown, basic)) {
            assertThat(reply.code()).isEqualTo(401);
            assertThat(reply.body().path("kind").asText()).isEqualTo("Status");
            assertThat(reply.body().path("reason").asText()).isEqualTo("Unauthorized");
            assertThat(reply.body().path("message").asText()).isEqualTo("Unauthorized");
        }
    }

    @Test
    void aRequestWithoutTokenIsTheAdmin() throws Exception {
        assertThat(admin.get("/api/v1/secrets").code()).isEqualTo(200);
        assertThat(admin.get("/api/v1/namespaces/kube-system/secrets?watch=true&timeoutSeconds=1")
                        .code())
                .isEqualTo(200);
    }

    static Stream<Arguments> tokenRequests() {
        return Stream.of(
                Arguments.of("/api/v1/namespaces/team-a/configmaps", 200, null),
                Arguments.of("/api/v1/namespaces/team-a/configmaps/none", 404, null),
                // watches too: view (through the group readers) grants them in team-a only
                Arguments.of("/api/v1/namespaces/team-a/configmaps?watch=true&timeoutSeconds=1", 200, null),
                Arguments.of(
                        "/api/v1/namespaces/kube-system/configmaps?watch=true",
                        403,
                        "configmaps is forbidden: User \"alice\" cannot watch resource \"configmaps\" in API group"
                                + " \"\" in the namespace \"kube-system\""),
                Arguments.of(
                        "/api/v1/configmaps",
                        403,
                        "configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API group \"\""
                                + " at the cluster scope"),
                Arguments.of(
                        "/api/v1/namespaces/team-a/secrets/s1",
                        403,
                        "secrets \"s1\" is forbidden: User \"alice\" cannot get resource \"secrets\" in API group \"\""
                                + " in the namespace \"team-a\""),
                Arguments.of(
                        "/api/v1/namespaces/kube-system/configmaps",
                        403,
                        "configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API group \"\""
                                + " in the namespace \"kube-system\""),
                Arguments.of(
                        RBAC + "/clusterroles",
                        403,
                        "clusterroles.rbac.authorization.k8s.io is forbidden: User \"alice\" cannot list resource"
                                + " \"clusterroles\" in API group \"rbac.authorization.k8s.io\" at the cluster scope"),
                // view (aggregated): namespaces and events are in it, as on a cluster
                Arguments.of("/api/v1/namespaces/team-a/events", 200, null),
                // discovery, as system:discovery grants it to system:authenticated
                Arguments.of("/api", 200, null),
                Arguments.of("/api/v1", 200, null),
                Arguments.of("/apis", 200, null),
                Arguments.of("/apis/rbac.authorization.k8s.io", 200, null),
                Arguments.of("/apis/rbac.authorization.k8s.io/v1", 200, null),
                Arguments.of("/version", 200, null),
                Arguments.of("/openapi/v3", 200, null),
                Arguments.of("/metrics", 403, "forbidden: User \"alice\" cannot get path \"/metrics\""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("tokenRequests")
    void aTokenUserGetsWhatRbacGrantsAndTheApiServers403Otherwise(String path, int code, String message)
            throws Exception {
        ApiCalls.Reply reply = alice.get(path);

        assertThat(reply.code()).as(reply.text()).isEqualTo(code);
        if (message != null) {
            assertThat(reply.body().path("reason").asText()).isEqualTo("Forbidden");
            assertThat(reply.body().path("message").asText()).isEqualTo(message);
        }
    }

    @Test
    void writesAreAuthorisedToo() throws Exception {
        ApiCalls.Reply create = alice.post("/api/v1/namespaces/team-a/configmaps", "{\"metadata\": {\"name\": \"c\"}}");

        assertThat(create.code()).isEqualTo(403);
        assertThat(create.body().path("message").asText())
                .isEqualTo("configmaps is forbidden: User \"alice\" cannot create resource \"configmaps\" in API"
                        + " group \"\" in the namespace \"team-a\"");
        assertThat(admin.get("/api/v1/namespaces/team-a/configmaps/c").code()).isEqualTo(404);
    }

    @Test
    void withoutTheDiscoveryBindingDiscoveryIsRefusedAsOnACluster() throws Exception {
        assertThat(admin.send(admin.request(RBAC + "/clusterrolebindings/system:discovery")
                                .DELETE())
                        .code())
                .isEqualTo(200);

        ApiCalls.Reply reply = alice.get("/apis");

        assertThat(reply.code()).isEqualTo(403);
        assertThat(reply.body().path("message").asText())
                .isEqualTo("forbidden: User \"alice\" cannot get path \"/apis\"");
    }

    @Test
    void theDefaultClusterRolesAndBindingsAreStored() throws Exception {
        JsonNode roles = admin.get(RBAC + "/clusterroles").body().path("items");
        JsonNode bindings = admin.get(RBAC + "/clusterrolebindings").body().path("items");

        assertThat(roles)
                .extracting(r -> r.path("metadata").path("name").asText())
                .contains("cluster-admin", "admin", "edit", "view", "system:discovery", "system:basic-user");
        assertThat(bindings)
                .extracting(r -> r.path("metadata").path("name").asText())
                .contains("cluster-admin", "system:discovery", "system:basic-user", "system:public-info-viewer");
    }

    static Stream<Arguments> subjectAccessReviews() {
        return Stream.of(
                // user, groups, attributes -> allowed, reason
                Arguments.of(
                        "alice",
                        List.of(),
                        resource("get", "", "team-a", "configmaps", "", "c"),
                        true,
                        "RBAC: allowed by RoleBinding \"alice-cm/team-a\" of Role \"cm-reader\" to User \"alice\""),
                Arguments.of("alice", List.of(), resource("delete", "", "team-a", "configmaps", "", "c"), false, ""),
                Arguments.of("alice", List.of(), resource("get", "", "team-b", "configmaps", "", "c"), false, ""),
                // the groups are taken as given: alice alone is not in readers
                Arguments.of(
                        "alice",
                        List.of(),
                        resource("get", "logs.hpcenv.dev", "team-a", "hpcjobs", "log", "j"),
                        false,
                        ""),
                Arguments.of(
                        "alice",
                        List.of("readers"),
                        resource("get", "logs.hpcenv.dev", "team-a", "hpcjobs", "log", "j"),
                        true,
                        "RBAC: allowed by RoleBinding \"readers-view/team-a\" of ClusterRole \"view\" to Group"
                                + " \"readers\""),
                Arguments.of(
                        "",
                        List.of("readers"),
                        resource("list", "", "team-a", "events", "", ""),
                        true,
                        "RBAC: allowed by RoleBinding \"readers-view/team-a\" of ClusterRole \"view\" to Group"
                                + " \"readers\""),
                Arguments.of(
                        "someone", List.of("system:masters"), resource("delete", "", "", "nodes", "", "n"), true, ""),
                Arguments.of("alice", List.of(), nonResource("get", "/apis"), false, ""),
                Arguments.of(
                        "alice",
                        List.of("system:authenticated"),
                        nonResource("get", "/apis"),
                        true,
                        "RBAC: allowed by ClusterRoleBinding \"system:discovery\" of ClusterRole \"system:discovery\""
                                + " to Group \"system:authenticated\""));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("subjectAccessReviews")
    void aSubjectAccessReviewAnswersFromTheSameAuthorizer(
            String user, List<String> groups, ObjectNode attributes, boolean allowed, String reason) throws Exception {
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SubjectAccessReview");
        ObjectNode spec = review.putObject("spec");
        if (!user.isEmpty()) {
            spec.put("user", user);
        }
        groups.forEach(spec.putArray("groups")::add);
        spec.setAll(attributes);

        ApiCalls.Reply reply = admin.post(SAR, review.toString());

        assertThat(reply.code()).as(reply.text()).isEqualTo(201);
        assertThat(reply.body().path("kind").asText()).isEqualTo("SubjectAccessReview");
        assertThat(reply.body().path("status").path("allowed").asBoolean()).isEqualTo(allowed);
        assertThat(reply.body().path("status").path("reason").asText()).isEqualTo(reason);
    }

    @Test
    void aSubjectAccessReviewNeedsAttributesAndASubject() throws Exception {
        ApiCalls.Reply noSubject = admin.post(SAR, "{\"spec\": " + resource("get", "", "a", "pods", "", "") + "}");
        ApiCalls.Reply noAttributes = admin.post(SAR, "{\"spec\": {\"user\": \"alice\"}}");

        assertThat(noSubject.code()).isEqualTo(422);
        assertThat(noSubject.body().path("message").asText())
                .contains("at least one of user or group must be specified");
        assertThat(noAttributes.code()).isEqualTo(422);
        assertThat(noAttributes.body().path("message").asText())
                .contains("exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }

    @Test
    void onlyThoseRbacAllowsMayAskSubjectAccessReviews() throws Exception {
        ApiCalls.Reply reply = alice.post(
                SAR,
                "{\"spec\": {\"user\": \"alice\", "
                        + resource("get", "", "team-a", "configmaps", "", "")
                                .toString()
                                .substring(1) + "}");

        assertThat(reply.code()).isEqualTo(403);
        assertThat(reply.body().path("message").asText())
                .isEqualTo("subjectaccessreviews.authorization.k8s.io is forbidden: User \"alice\" cannot create"
                        + " resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster"
                        + " scope");
    }

    @Test
    void selfReviewsEvaluateTheRequester() throws Exception {
        String ssar = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
        String canGet = "{\"spec\": " + resource("get", "", "team-a", "configmaps", "", "") + "}";
        String canDelete = "{\"spec\": " + resource("delete", "", "team-a", "configmaps", "", "") + "}";

        assertThat(alice.post(ssar, canGet)
                        .body()
                        .path("status")
                        .path("allowed")
                        .asBoolean())
                .isTrue();
        assertThat(alice.post(ssar, canDelete)
                        .body()
                        .path("status")
                        .path("allowed")
                        .asBoolean())
                .isFalse();
        assertThat(admin.post(ssar, canDelete)
                        .body()
                        .path("status")
                        .path("allowed")
                        .asBoolean())
                .isTrue();

        JsonNode rules = alice.post(
                        "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                        "{\"spec\": {\"namespace\": \"team-a\"}}")
                .body()
                .path("status");
        assertThat(rules.path("resourceRules").toString())
                .contains("\"configmaps\"")
                .contains("hpcjobs/log");
        assertThat(rules.path("resourceRules").toString()).doesNotContain("\"*\"");
        assertThat(rules.path("nonResourceRules").toString()).contains("/apis/*");
    }
}
