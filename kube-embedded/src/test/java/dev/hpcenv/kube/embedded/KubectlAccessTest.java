package dev.hpcenv.kube.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.hpcenv.kube.embedded.aggregation.TlsBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl as a token user: 401 for a token the API does not know, the API server's 403
 * wording, {@code auth can-i}, and an aggregated API followed with {@code get --raw} line by line;
 * discovery keeps working while an aggregated API's backend is down.
 */
class KubectlAccessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private EmbeddedKubernetesApi api;
    private ApiCalls admin;
    private Kubectl asAdmin;
    private Kubectl asAlice;
    private final CountDownLatch secondLine = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        api = HpcenvCrds.api()
                .addUser("alice-token", "alice", List.of("readers"))
                .start();
        admin = ApiCalls.admin(api);
        api.writeKubeconfig(home.resolve("admin.kubeconfig"));
        api.writeKubeconfig(home.resolve("alice.kubeconfig"), "alice-token");
        asAdmin = new Kubectl(home.resolve("admin.kubeconfig"), home);
        asAlice = new Kubectl(home.resolve("alice.kubeconfig"), home.resolve("alice-home"));
        java.nio.file.Files.createDirectories(home.resolve("alice-home"));
        asAdmin.ok("create", "namespace", "team-a");
        asAdmin.ok("create", "role", "cm-reader", "-n", "team-a", "--verb=get,list,watch", "--resource=configmaps");
        asAdmin.ok("create", "rolebinding", "alice-cm", "-n", "team-a", "--role=cm-reader", "--user=alice");
    }

    @AfterEach
    void stop() {
        secondLine.countDown();
        api.close();
    }

    @Test
    void anUnknownTokenIsToldToLogIn() throws Exception {
        api.writeKubeconfig(home.resolve("stranger.kubeconfig"), "stranger-token");
        Kubectl stranger = new Kubectl(home.resolve("stranger.kubeconfig"), home);

        Kubectl.Result result = stranger.run("get", "namespaces");

        assertThat(result.exitCode()).isNotZero();
        // kubectl v1.32's words for a 401 during discovery, as against a cluster
        assertThat(result.stderr())
                .contains("error: You must be logged in to the server (the server has asked for the client to"
                        + " provide credentials)");
    }

    @Test
    void aTokenUserIsRefusedInTheApiServersWordsAndAllowedWhatItsRoleGrants() throws Exception {
        assertThat(asAlice.ok("get", "configmaps", "-n", "team-a")).isEmpty();

        Kubectl.Result secrets = asAlice.run("get", "secrets", "-n", "team-a");
        assertThat(secrets.exitCode()).isNotZero();
        assertThat(secrets.stderr())
                .contains("Error from server (Forbidden): secrets is forbidden: User \"alice\" cannot list resource"
                        + " \"secrets\" in API group \"\" in the namespace \"team-a\"");

        Kubectl.Result jobs = asAlice.run("get", "hpcjobs", "-n", "team-a");
        assertThat(jobs.stderr())
                .contains("Error from server (Forbidden): hpcjobs.hpcenv.dev is forbidden: User \"alice\" cannot"
                        + " list resource \"hpcjobs\" in API group \"hpcenv.dev\" in the namespace \"team-a\"");

        assertThat(asAlice.run("auth", "can-i", "watch", "configmaps", "-n", "team-a")
                        .stdout()
                        .trim())
                .isEqualTo("yes");
        assertThat(asAlice.run("auth", "can-i", "delete", "configmaps", "-n", "team-a")
                        .stdout()
                        .trim())
                .isEqualTo("no");
        // impersonation, as on a cluster: the admin may act as alice, alice may not act as anyone
        assertThat(asAdmin.run("auth", "can-i", "list", "configmaps", "--as=alice", "-n", "team-a")
                        .stdout()
                        .trim())
                .isEqualTo("yes");
        assertThat(asAdmin.run("auth", "can-i", "list", "secrets", "--as=alice", "-n", "team-a")
                        .stdout()
                        .trim())
                .isEqualTo("no");
        assertThat(asAlice.run("get", "secrets", "-n", "team-a", "--as=admin", "--as-group=system:masters")
                        .stderr())
                .contains("Error from server (Forbidden): users \"admin\" is forbidden: User \"alice\" cannot"
                        + " impersonate resource \"users\" in API group \"\" at the cluster scope");
    }

    @Test
    void getRawFollowsAnAggregatedStreamAsItIsWrittenAndDiscoveryOutlivesADeadBackend() throws Exception {
        String ca = admin.get("/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication")
                .body()
                .path("data")
                .path("requestheader-client-ca-file")
                .asText();
        try (TlsBackend backend = TlsBackend.start("logs.hpcenv-system.svc", ca, this::stream)) {
            admin.create("/api/v1/namespaces", "Namespace", "{\"metadata\": {\"name\": \"hpcenv-system\"}}");
            register("logs", "logs.hpcenv.dev", backend.port(), backend.caBundle());
            try (ServerSocket closed = new ServerSocket(0)) {
                register("down", "down.hpcenv.dev", closed.getLocalPort(), backend.caBundle());
            }
            asAdmin.ok("create", "rolebinding", "alice-logs", "-n", "team-a", "--clusterrole=view", "--user=alice");
            // as the chart grants it (kubectl create clusterrole cannot name a subresource-only resource)
            admin.create("/apis/rbac.authorization.k8s.io/v1/clusterroles", "ClusterRole", """
                    {"metadata": {"name": "hpcjob-logs",
                                  "labels": {"rbac.authorization.k8s.io/aggregate-to-view": "true"}},
                     "rules": [{"verbs": ["get"], "apiGroups": ["logs.hpcenv.dev"], "resources": ["hpcjobs/log"]}]}""");

            Kubectl.Running follow = asAlice.start(
                    "get", "--raw", "/apis/logs.hpcenv.dev/v1alpha1/namespaces/team-a/hpcjobs/j1/log?follow=true");
            Instant deadline = Instant.now().plus(DEADLINE);
            while (!follow.stdoutSoFar().contains("first\n") && Instant.now().isBefore(deadline)) {
                assertThat(follow.isAlive()).as("kubectl is still following").isTrue();
                Thread.sleep(50);
            }
            assertThat(follow.stdoutSoFar())
                    .as("the first line, before the backend writes the second")
                    .isEqualTo("first\n");
            secondLine.countDown();
            Kubectl.Result result = follow.await(DEADLINE);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).isEqualTo("first\nsecond\n");

            Kubectl.Result refused =
                    asAlice.run("get", "--raw", "/apis/logs.hpcenv.dev/v1alpha1/namespaces/default/hpcjobs/j1/log");
            assertThat(refused.stderr()).contains("Error from server (Forbidden)");

            assertThat(asAdmin.ok("get", "namespaces", "-o", "name")).contains("namespace/team-a");
            assertThat(asAlice.ok("get", "configmaps", "-n", "team-a")).isEmpty();
        }
    }

    // What the operator's log API serves: its discovery document, and the log of any job as a stream.
    private void stream(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/apis/logs.hpcenv.dev/v1alpha1")) {
                byte[] discovery = """
                        {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "logs.hpcenv.dev/v1alpha1",
                         "resources": [{"name": "hpcjobs/log", "singularName": "", "namespaced": true,
                                        "kind": "HpcJobLog", "verbs": ["get"]}]}""".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, discovery.length);
                exchange.getResponseBody().write(discovery);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("first\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                secondLine.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("second\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void register(String name, String group, int port, String caBundle) throws Exception {
        admin.create("/api/v1/namespaces/hpcenv-system/services", "Service", """
                {"metadata": {"name": "%s"}, "spec": {"ports": [{"port": 443, "targetPort": 8443}]}}""".formatted(name));
        admin.create("/api/v1/namespaces/hpcenv-system/endpoints", "Endpoints", """
                {"metadata": {"name": "%s"},
                 "subsets": [{"addresses": [{"ip": "127.0.0.1"}], "ports": [{"port": %d}]}]}""".formatted(name, port));
        admin.create("/apis/apiregistration.k8s.io/v1/apiservices", "APIService", """
                {"metadata": {"name": "v1alpha1.%1$s"},
                 "spec": {"group": "%1$s", "version": "v1alpha1", "caBundle": "%2$s",
                          "service": {"namespace": "hpcenv-system", "name": "%3$s"},
                          "groupPriorityMinimum": 1000, "versionPriority": 15}}""".formatted(group, caBundle, name));
    }
}
