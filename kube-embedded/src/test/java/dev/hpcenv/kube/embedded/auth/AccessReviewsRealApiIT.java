package dev.hpcenv.kube.embedded.auth;

import static dev.hpcenv.kube.embedded.auth.ReviewAttributes.nonResource;
import static dev.hpcenv.kube.embedded.auth.ReviewAttributes.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.kube.embedded.TestClients;
import dev.hpcenv.kube.embedded.validation.CaseRunner;
import dev.hpcenv.kube.local.LocalKubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The embedded API's RBAC against a real kube-apiserver (dev/kube-local.sh): the same roles and
 * bindings on both (names and users of this run, so the shared server's other objects play no part), then the same SubjectAccessReviews, which must get the same
 * {@code allowed} and the same {@code reason} from both.
 */
@Tag("real-kube")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessReviewsRealApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
    private static final String SAR = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    private final String run = "sar-" + UUID.randomUUID().toString().substring(0, 8);
    private KubernetesClient real;
    private EmbeddedKubernetesApi embedded;
    private KubernetesClient local;

    @BeforeAll
    void start() {
        real = LocalKubeApi.shared().adminClient();
        embedded = EmbeddedKubernetesApi.withCrds(List.of(), 0).start();
        local = TestClients.of(embedded);
        for (KubernetesClient client : List.of(real, local)) {
            create(client, "/api/v1/namespaces", object("v1", "Namespace", run, null));
            ObjectNode reader = object("rbac.authorization.k8s.io/v1", "Role", "reader", run);
            reader.putArray("rules").add(rule(List.of("get", "list"), List.of(""), List.of("configmaps"), List.of()));
            create(client, RBAC + "/namespaces/" + run + "/roles", reader);
            ObjectNode logs = object("rbac.authorization.k8s.io/v1", "ClusterRole", run + "-logs", null);
            logs.putArray("rules")
                    .add(rule(List.of("get"), List.of("logs.hpcenv.dev"), List.of("hpcjobs/log"), List.of()))
                    .add(rule(List.of("patch"), List.of("*"), List.of("*/status"), List.of()))
                    .add(rule(List.of("get"), List.of(""), List.of("secrets"), List.of("token-a")));
            create(client, RBAC + "/clusterroles", logs);
            ObjectNode view = object("rbac.authorization.k8s.io/v1", "ClusterRole", run + "-view", null);
            // aggregation is not compared: the shared control plane runs no controller manager to
            // write an aggregated role's rules (RbacAuthorizerTest covers it)
            view.putArray("rules")
                    .add(rule(List.of("get"), List.of("logs.hpcenv.dev"), List.of("hpcjobs/log"), List.of()));
            create(client, RBAC + "/clusterroles", view);
            create(
                    client,
                    RBAC + "/namespaces/" + run + "/rolebindings",
                    binding(
                            "RoleBinding",
                            "alice-reader",
                            run,
                            "Role",
                            "reader",
                            subject("User", run + "-alice", null)));
            create(
                    client,
                    RBAC + "/namespaces/" + run + "/rolebindings",
                    binding(
                            "RoleBinding",
                            "team-view",
                            run,
                            "ClusterRole",
                            run + "-view",
                            subject("Group", run + "-team", null)));
            create(
                    client,
                    RBAC + "/namespaces/" + run + "/rolebindings",
                    binding(
                            "RoleBinding",
                            "robot",
                            run,
                            "ClusterRole",
                            run + "-logs",
                            subject("ServiceAccount", "robot", null)));
            create(
                    client,
                    RBAC + "/namespaces/" + run + "/rolebindings",
                    binding(
                            "RoleBinding",
                            "missing",
                            run,
                            "ClusterRole",
                            run + "-missing",
                            subject("User", run + "-erin", null)));
            create(
                    client,
                    RBAC + "/clusterrolebindings",
                    binding(
                            "ClusterRoleBinding",
                            run + "-auditors",
                            null,
                            "ClusterRole",
                            run + "-view",
                            subject("Group", run + "-auditors", null)));
        }
    }

    @AfterAll
    void stop() {
        if (real != null) {
            CaseRunner.send(real, "DELETE", RBAC + "/clusterrolebindings/" + run + "-auditors", null, null);
            CaseRunner.send(real, "DELETE", RBAC + "/clusterroles/" + run + "-view", null, null);
            CaseRunner.send(real, "DELETE", RBAC + "/clusterroles/" + run + "-logs", null, null);
            CaseRunner.send(real, "DELETE", "/api/v1/namespaces/" + run, null, null);
        }
        if (local != null) {
            local.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    Stream<Object[]> reviews() {
        return cases().map(c -> c.length == 4 ? c : new Object[] {c[0], c[1], c[2], true});
    }

    private Stream<Object[]> cases() {
        String alice = run + "-alice";
        String team = run + "-team";
        String sa = "system:serviceaccount:" + run + ":robot";
        return Stream.of(
                new Object[] {alice, List.of(), resource("get", "", run, "configmaps", "", "c")},
                new Object[] {alice, List.of(), resource("list", "", run, "configmaps", "", "")},
                new Object[] {alice, List.of(), resource("watch", "", run, "configmaps", "", "")},
                new Object[] {alice, List.of(), resource("get", "", "default", "configmaps", "", "c")},
                new Object[] {alice, List.of(team), resource("get", "logs.hpcenv.dev", run, "hpcjobs", "log", "j")},
                new Object[] {alice, List.of(), resource("get", "logs.hpcenv.dev", run, "hpcjobs", "log", "j")},
                new Object[] {"x", List.of(team), resource("get", "logs.hpcenv.dev", run, "hpcjobs", "", "j")},
                new Object[] {
                    "x", List.of(run + "-auditors"), resource("get", "logs.hpcenv.dev", "other", "hpcjobs", "log", "j")
                },
                new Object[] {sa, List.of(), resource("patch", "apps", run, "deployments", "status", "d")},
                new Object[] {sa, List.of(), resource("patch", "apps", run, "deployments", "", "d")},
                new Object[] {sa, List.of(), resource("get", "", run, "secrets", "", "token-a")},
                new Object[] {sa, List.of(), resource("get", "", run, "secrets", "", "token-b")},
                new Object[] {sa, List.of(), resource("list", "", run, "secrets", "", "")},
                new Object[] {run + "-erin", List.of(), resource("get", "", run, "configmaps", "", "c")},
                new Object[] {"y", List.of("system:authenticated"), nonResource("get", "/apis")},
                // two bindings grant it: which one the real server names depends on its cache's order
                new Object[] {"y", List.of("system:authenticated"), nonResource("get", "/version"), false},
                new Object[] {"y", List.of(), nonResource("get", "/apis")},
                new Object[] {"y", List.of("system:masters"), resource("delete", "", "", "nodes", "", "n")});
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("reviews")
    void bothServersAnswerTheSame(String user, List<String> groups, ObjectNode attributes, Boolean sameReason)
            throws IOException {
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "authorization.k8s.io/v1").put("kind", "SubjectAccessReview");
        ObjectNode spec = review.putObject("spec").put("user", user);
        groups.forEach(spec.putArray("groups")::add);
        spec.setAll(attributes);

        JsonNode fromReal = status(real, review);
        JsonNode fromEmbedded = status(local, review);

        assertThat(fromEmbedded.path("allowed").asBoolean())
                .as("allowed, real server: " + fromReal)
                .isEqualTo(fromReal.path("allowed").asBoolean());
        if (sameReason) {
            assertThat(fromEmbedded.path("reason").asText())
                    .isEqualTo(fromReal.path("reason").asText());
        } else {
            // Several default bindings grant it, and the real server names whichever its cache lists
            // first, which varies from start to start: both name a binding of the same group.
            Pattern grant =
                    Pattern.compile("RBAC: allowed by ClusterRoleBinding \"[^\"]+\" of ClusterRole \"[^\"]+\" to Group "
                            + "\"system:authenticated\"");
            assertThat(fromEmbedded.path("reason").asText()).matches(grant);
            assertThat(fromReal.path("reason").asText()).matches(grant);
        }
    }

    Stream<Object[]> requests() {
        String alice = run + "-alice";
        return Stream.of(
                new Object[] {alice, new String[0], "/api/v1/namespaces/" + run + "/configmaps"},
                new Object[] {alice, new String[0], "/api/v1/namespaces/" + run + "/secrets"},
                new Object[] {alice, new String[0], "/api/v1/namespaces/" + run + "/secrets/s1"},
                new Object[] {alice, new String[0], "/api/v1/namespaces/" + run + "/secrets?watch=true&timeoutSeconds=1"
                },
                new Object[] {alice, new String[0], "/api/v1/secrets"},
                new Object[] {alice, new String[0], RBAC + "/clusterroles"},
                new Object[] {alice, new String[0], "/metrics"},
                new Object[] {run + "-erin", new String[0], "/api/v1/namespaces/" + run + "/configmaps/c"},
                new Object[] {"z", new String[] {run + "-team"}, "/api/v1/namespaces/" + run + "/events"});
    }

    /** Requests as a user (impersonated by the admin on both servers): the same code, and the same 403 message. */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("requests")
    void bothServersRefuseInTheSameWords(String user, String[] groups, String path) throws IOException {
        try (KubernetesClient asReal = LocalKubeApi.shared().clientAs(user, groups);
                KubernetesClient asLocal = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(TestClients.config(embedded))
                                .withImpersonateUsername(user)
                                .withImpersonateGroups(groups)
                                .build())
                        .build()) {
            CaseRunner.Reply fromReal = CaseRunner.send(asReal, "GET", path, null, null);
            CaseRunner.Reply fromEmbedded = CaseRunner.send(asLocal, "GET", path, null, null);

            assertThat(fromEmbedded.code())
                    .as(fromEmbedded.body() + "\nreal: " + fromReal.body())
                    .isEqualTo(fromReal.code());
            if (fromReal.code() == 403) {
                assertThat(JSON.readTree(fromEmbedded.body()).path("message").asText())
                        .isEqualTo(
                                JSON.readTree(fromReal.body()).path("message").asText());
            }
        }
    }

    private JsonNode status(KubernetesClient client, ObjectNode review) throws IOException {
        CaseRunner.Reply reply = CaseRunner.send(client, "POST", SAR, "application/json", review.toString());
        assertThat(reply.code()).as(reply.body()).isEqualTo(201);
        return JSON.readTree(reply.body()).path("status");
    }

    private void create(KubernetesClient client, String collection, ObjectNode object) {
        CaseRunner.Reply reply = CaseRunner.send(client, "POST", collection, "application/json", object.toString());
        assertThat(reply.code()).as(collection + ": " + reply.body()).isEqualTo(201);
    }

    private static ObjectNode object(String apiVersion, String kind, String name, String namespace) {
        ObjectNode object =
                JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        return object;
    }

    private static ObjectNode rule(
            List<String> verbs, List<String> groups, List<String> resources, List<String> names) {
        ObjectNode rule = JSON.createObjectNode();
        verbs.forEach(rule.putArray("verbs")::add);
        groups.forEach(rule.putArray("apiGroups")::add);
        resources.forEach(rule.putArray("resources")::add);
        if (!names.isEmpty()) {
            names.forEach(rule.putArray("resourceNames")::add);
        }
        return rule;
    }

    private static ObjectNode binding(
            String kind, String name, String namespace, String roleKind, String role, ObjectNode subject) {
        ObjectNode binding = object("rbac.authorization.k8s.io/v1", kind, name, namespace);
        binding.putObject("roleRef")
                .put("apiGroup", "rbac.authorization.k8s.io")
                .put("kind", roleKind)
                .put("name", role);
        binding.putArray("subjects").add(subject);
        return binding;
    }

    private static ObjectNode subject(String kind, String name, String namespace) {
        ObjectNode subject = JSON.createObjectNode().put("kind", kind).put("name", name);
        if (!kind.equals("ServiceAccount")) {
            subject.put("apiGroup", "rbac.authorization.k8s.io");
        }
        if (namespace != null) {
            subject.put("namespace", namespace);
        }
        return subject;
    }
}
