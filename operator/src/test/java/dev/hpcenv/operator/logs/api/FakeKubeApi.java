package dev.hpcenv.operator.logs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The two things the log API asks the API server, on plain HTTP on loopback: ConfigMap
 * kube-system/extension-apiserver-authentication (as {@link #frontProxy} sets it) and
 * SubjectAccessReviews (recorded; allowed as {@link #allow} decides).
 */
final class FakeKubeApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private volatile Map<String, String> configMap = Map.of();
    private volatile Predicate<JsonNode> allow = spec -> true;
    final List<JsonNode> reviews = new CopyOnWriteArrayList<>();

    FakeKubeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    void frontProxy(Map<String, String> data) {
        configMap = Map.copyOf(data);
    }

    /** Decides from the SubjectAccessReview's spec. */
    void allow(Predicate<JsonNode> decision) {
        allow = decision;
    }

    KubernetesClient client() {
        return new KubernetesClientBuilder()
                .withHttpClientFactory(new VertxHttpClientFactory())
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication")) {
                ObjectNode map = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
                map.putObject("metadata").put("name", FrontProxyConfig.NAME).put("namespace", "kube-system");
                ObjectNode data = map.putObject("data");
                configMap.forEach(data::put);
                reply(exchange, 200, map.toString());
            } else if (path.equals("/apis/authorization.k8s.io/v1/subjectaccessreviews")
                    && exchange.getRequestMethod().equals("POST")) {
                ObjectNode review = (ObjectNode) JSON.readTree(exchange.getRequestBody());
                reviews.add(review.get("spec"));
                review.putObject("status").put("allowed", allow.test(review.get("spec")));
                reply(exchange, 201, review.toString());
            } else {
                reply(exchange, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":404}");
            }
        }
    }

    private static void reply(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
