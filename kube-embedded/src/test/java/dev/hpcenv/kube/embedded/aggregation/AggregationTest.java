package dev.hpcenv.kube.embedded.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.hpcenv.kube.embedded.ApiCalls;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aggregated APIs, as the operator's log API uses them: an APIService whose Service's EndpointSlice
 * leads to an HTTPS backend (here a JDK server requiring a client certificate of the front-proxy CA
 * read from kube-system/extension-apiserver-authentication) gets requests with the user in the
 * X-Remote-* headers, after RBAC, streamed both ways.
 */
class AggregationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "logs.test.dev";
    private static final String BASE = "/apis/" + GROUP + "/v1/namespaces/team-a/widgets/w1/";

    private static EmbeddedKubernetesApi api;
    private static TlsBackend backend;
    private static ApiCalls admin;
    private static ApiCalls alice;
    private static ApiCalls bob;
    private static final AtomicInteger backendRequests = new AtomicInteger();
    private static volatile CountDownLatch secondLine = new CountDownLatch(1);
    private static volatile CountDownLatch disconnected = new CountDownLatch(1);

    @BeforeAll
    static void start() throws Exception {
        api = EmbeddedKubernetesApi.withCrds(List.of(), 0)
                .addUser("alice-token", "alice", List.of("readers"))
                .addUser("bob-token", "bob", List.of())
                .start();
        admin = ApiCalls.admin(api);
        alice = ApiCalls.withToken(api, "alice-token");
        bob = ApiCalls.withToken(api, "bob-token");
        JsonNode authentication = admin.get(
                        "/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication")
                .body();
        backend = TlsBackend.start(
                "logs.hpcenv-system.svc",
                authentication.path("data").path("requestheader-client-ca-file").asText(),
                AggregationTest::serve);

        admin.create("/api/v1/namespaces", "Namespace", namespace("hpcenv-system"));
        admin.create("/api/v1/namespaces", "Namespace", namespace("team-a"));
        register("logs", GROUP, backend.port(), backend.caBundle());
        try (ServerSocket closed = new ServerSocket(0)) {
            register("down", "down.test.dev", closed.getLocalPort(), backend.caBundle());
        }
        admin.create("/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles", "Role", """
                {"metadata": {"name": "widget-logs"},
                 "rules": [{"verbs": ["get"], "apiGroups": ["logs.test.dev"],
                            "resources": ["widgets/echo", "widgets/stream", "widgets/forever"]}]}""");
        admin.create("/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings", "RoleBinding", """
                {"metadata": {"name": "readers-widget-logs"},
                 "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "widget-logs"},
                 "subjects": [{"kind": "Group", "name": "readers"}]}""");
    }

    @AfterAll
    static void stop() {
        secondLine.countDown();
        if (backend != null) {
            backend.close();
        }
        if (api != null) {
            api.close();
        }
    }

    // An APIService v1.<group> -> Service <name> in hpcenv-system (port 443, named https) -> an
    // EndpointSlice with 127.0.0.1 and the backend's port.
    private static void register(String name, String group, int port, String caBundle) throws Exception {
        admin.create("/api/v1/namespaces/hpcenv-system/services", "Service", """
                {"metadata": {"name": "%s"},
                 "spec": {"ports": [{"name": "https", "port": 443, "targetPort": 8443}]}}""".formatted(name));
        admin.create(
                "/apis/discovery.k8s.io/v1/namespaces/hpcenv-system/endpointslices", "EndpointSlice", """
                {"metadata": {"name": "%1$s-x1", "labels": {"kubernetes.io/service-name": "%1$s"}},
                 "addressType": "IPv4",
                 "endpoints": [{"addresses": ["127.0.0.1"], "conditions": {"ready": true}}],
                 "ports": [{"name": "https", "port": %2$d, "protocol": "TCP"}]}""".formatted(
                                name, port));
        admin.create("/apis/apiregistration.k8s.io/v1/apiservices", "APIService", """
                {"metadata": {"name": "v1.%1$s"},
                 "spec": {"group": "%1$s", "version": "v1", "caBundle": "%2$s",
                          "service": {"namespace": "hpcenv-system", "name": "%3$s", "port": 443},
                          "groupPriorityMinimum": 1000, "versionPriority": 15}}""".formatted(group, caBundle, name));
    }

    private static String namespace(String name) {
        return "{\"metadata\": {\"name\": \"" + name + "\"}}";
    }

    private static void serve(HttpExchange exchange) throws IOException {
        backendRequests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.equals("/apis/" + GROUP + "/v1")) {
                reply(
                        exchange,
                        "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + GROUP
                                + "/v1\",\"resources\":[]}");
            } else if (path.endsWith("/echo")) {
                ObjectNode echo = JSON.createObjectNode();
                echo.put("client", TlsBackend.clientName(exchange));
                echo.put(
                        "user",
                        String.join(",", exchange.getRequestHeaders().getOrDefault("X-Remote-User", List.of())));
                exchange.getRequestHeaders()
                        .getOrDefault("X-Remote-Group", List.of())
                        .forEach(echo.withArray("groups")::add);
                echo.put("authorization", exchange.getRequestHeaders().containsKey("Authorization"));
                echo.put("method", exchange.getRequestMethod());
                echo.put("uri", exchange.getRequestURI().toString());
                echo.put("host", exchange.getRequestHeaders().getFirst("Host"));
                echo.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                reply(exchange, echo.toString());
            } else if (path.endsWith("/stream")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("first\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                awaitQuietly(secondLine);
                out.write("second\n".getBytes(StandardCharsets.UTF_8));
            } else if (path.endsWith("/forever")) {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                try {
                    for (int i = 0; i < 3000; i++) {
                        out.write("tick\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        Thread.sleep(10);
                    }
                } catch (IOException e) {
                    disconnected.countDown();
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theAuthenticationConfigMapNamesTheFrontProxyAsTheApiServerDoes() throws Exception {
        JsonNode data = admin.get("/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication")
                .body()
                .path("data");

        assertThat(data.path("requestheader-client-ca-file").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(data.path("requestheader-allowed-names").asText()).isEqualTo("[\"front-proxy-client\"]");
        assertThat(data.path("requestheader-username-headers").asText()).isEqualTo("[\"X-Remote-User\"]");
        assertThat(data.path("requestheader-group-headers").asText()).isEqualTo("[\"X-Remote-Group\"]");
        assertThat(data.path("requestheader-extra-headers-prefix").asText()).isEqualTo("[\"X-Remote-Extra-\"]");
    }

    @Test
    void aTokenUserReachesTheBackendWithTheFrontProxyCertificateAndItsIdentityInTheHeaders() throws Exception {
        // a client's own X-Remote-* headers never reach the backend
        ApiCalls.Reply reply = alice.send(alice.request(BASE + "echo?tailLines=3&follow=false")
                .header("X-Remote-User", "system:admin")
                .header("X-Remote-Group", "system:masters")
                .GET());

        assertThat(reply.code()).as(reply.text()).isEqualTo(200);
        JsonNode echo = reply.body();
        assertThat(echo.path("client").asText()).isEqualTo("CN=front-proxy-client");
        assertThat(echo.path("user").asText()).isEqualTo("alice");
        assertThat(echo.path("groups")).extracting(JsonNode::asText).containsExactly("readers", "system:authenticated");
        assertThat(echo.path("authorization").asBoolean()).isFalse();
        assertThat(echo.path("uri").asText()).isEqualTo(BASE + "echo?tailLines=3&follow=false");
        assertThat(echo.path("host").asText()).startsWith("logs.hpcenv-system.svc");
    }

    @Test
    void theAdminIsForwardedAsAdminInSystemMastersWithMethodAndBody() throws Exception {
        ApiCalls.Reply reply = admin.post(BASE + "echo", "{\"hello\": 1}");

        assertThat(reply.code()).as(reply.text()).isEqualTo(200);
        assertThat(reply.body().path("user").asText()).isEqualTo("admin");
        assertThat(reply.body().path("groups"))
                .extracting(JsonNode::asText)
                .containsExactly("system:masters", "system:authenticated");
        assertThat(reply.body().path("method").asText()).isEqualTo("POST");
        assertThat(reply.body().path("body").asText()).isEqualTo("{\"hello\": 1}");
    }

    @Test
    void rbacRefusesBeforeAnythingReachesTheBackend() throws Exception {
        int before = backendRequests.get();

        ApiCalls.Reply reply = bob.get(BASE + "echo");

        assertThat(reply.code()).isEqualTo(403);
        assertThat(reply.body().path("reason").asText()).isEqualTo("Forbidden");
        assertThat(reply.body().path("message").asText())
                .isEqualTo("widgets.logs.test.dev \"w1\" is forbidden: User \"bob\" cannot get resource"
                        + " \"widgets/echo\" in API group \"logs.test.dev\" in the namespace \"team-a\"");
        assertThat(backendRequests.get()).isEqualTo(before);
    }

    @Test
    void aStreamArrivesLineByLineAsTheBackendWritesIt() throws Exception {
        secondLine = new CountDownLatch(1);
        HttpResponse<InputStream> response = alice.stream(BASE + "stream");
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // The backend holds its second line until the test has seen the first.
            String first = CompletableFuture.supplyAsync(() -> readLine(lines)).get(10, TimeUnit.SECONDS);
            assertThat(first).isEqualTo("first");
            secondLine.countDown();
            assertThat(lines.readLine()).isEqualTo("second");
            assertThat(lines.readLine()).isNull();
        } finally {
            secondLine.countDown();
        }
    }

    @Test
    void aClientGoingAwayEndsTheBackendRequest() throws Exception {
        disconnected = new CountDownLatch(1);
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.getOutputStream()
                    .write(("GET " + BASE + "forever HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals("tick"));
            assertThat(line).as("the stream's first line").isEqualTo("tick");
        }

        assertThat(disconnected.await(10, TimeUnit.SECONDS))
                .as("the backend's write fails once the client has gone")
                .isTrue();
    }

    @Test
    void anUnreachableBackendIs503AndDiscoveryStillListsItsGroup() throws Exception {
        ApiCalls.Reply reply = admin.get("/apis/down.test.dev/v1/namespaces/team-a/things");

        assertThat(reply.code()).isEqualTo(503);
        assertThat(reply.body().path("kind").asText()).isEqualTo("Status");
        assertThat(reply.body().path("reason").asText()).isEqualTo("ServiceUnavailable");
        assertThat(reply.body().path("message").asText()).contains("down.hpcenv-system.svc");

        JsonNode groups = admin.get("/apis").body().path("groups");
        assertThat(groups)
                .extracting(g -> g.path("name").asText())
                .contains(GROUP, "down.test.dev", "rbac.authorization.k8s.io");
        ApiCalls.Reply group = admin.get("/apis/down.test.dev");
        assertThat(group.code()).isEqualTo(200);
        assertThat(group.body().path("preferredVersion").path("groupVersion").asText())
                .isEqualTo("down.test.dev/v1");
    }

    @Test
    void aServiceWithoutEndpointsOrAMissingServiceIs503() throws Exception {
        admin.create("/apis/apiregistration.k8s.io/v1/apiservices", "APIService", """
                {"metadata": {"name": "v1.nowhere.test.dev"},
                 "spec": {"group": "nowhere.test.dev", "version": "v1", "insecureSkipTLSVerify": true,
                          "service": {"namespace": "hpcenv-system", "name": "nowhere"},
                          "groupPriorityMinimum": 1000, "versionPriority": 15}}""");

        ApiCalls.Reply missing = admin.get("/apis/nowhere.test.dev/v1/things");
        assertThat(missing.code()).isEqualTo(503);
        assertThat(missing.body().path("message").asText())
                .isEqualTo("service unavailable: APIService v1.nowhere.test.dev: service \"hpcenv-system/nowhere\""
                        + " not found");

        admin.create("/api/v1/namespaces/hpcenv-system/services", "Service", """
                {"metadata": {"name": "nowhere"}, "spec": {"ports": [{"port": 443}]}}""");
        ApiCalls.Reply noEndpoints = admin.get("/apis/nowhere.test.dev/v1/things");
        assertThat(noEndpoints.code()).isEqualTo(503);
        assertThat(noEndpoints.body().path("message").asText()).endsWith("has no ready endpoint for port 443");
    }

    @Test
    void aBackendCertificateNotSignedByTheCaBundleOrNotNamingTheServiceIs503() throws Exception {
        String otherCa = java.util.Base64.getEncoder()
                .encodeToString(
                        admin.get("/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication")
                                .body()
                                .path("data")
                                .path("requestheader-client-ca-file")
                                .asText()
                                .getBytes(StandardCharsets.US_ASCII));
        register("wrong-ca", "wrong-ca.test.dev", backend.port(), otherCa);
        register("garbage-ca", "garbage-ca.test.dev", backend.port(), "bm90IGEgY2VydGlmaWNhdGU=");
        // the backend's certificate names logs.hpcenv-system.svc, not other-name.hpcenv-system.svc
        register("other-name", "other-name.test.dev", backend.port(), backend.caBundle());

        for (String group : List.of("wrong-ca.test.dev", "garbage-ca.test.dev", "other-name.test.dev")) {
            ApiCalls.Reply reply = admin.get("/apis/" + group + "/v1/namespaces/team-a/widgets/w1/echo");
            assertThat(reply.code()).as(reply.text()).isEqualTo(503);
            assertThat(reply.body().path("reason").asText()).isEqualTo("ServiceUnavailable");
        }
    }

    @Test
    void theGroupVersionDocumentComesFromTheBackend() throws Exception {
        ApiCalls.Reply reply = alice.get("/apis/" + GROUP + "/v1");

        assertThat(reply.code()).isEqualTo(200);
        assertThat(reply.body().path("groupVersion").asText()).isEqualTo(GROUP + "/v1");
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
