package dev.hpcenv.kubectl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The least of a Kubernetes API that kubectl needs for what the plugin runs: discovery for the
 * hpcenv.dev group, GET of an HpcJob ({@code kubectl get hpcjobs.hpcenv.dev NAME -o jsonpath}), and
 * the log path of the aggregated API, answered by the test. Plain http on loopback.
 */
final class FakeApiServer implements AutoCloseable {

    /** Answers a request for a job's log. */
    interface LogAnswer {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    static final String LOG_PREFIX = "/apis/logs.hpcenv.dev/v1alpha1/namespaces/";

    /** Every request, as "METHOD raw-path?raw-query". */
    final List<String> requests = new CopyOnWriteArrayList<>();

    private final Map<String, String> jobStatus = new ConcurrentHashMap<>();
    private final HttpServer server;
    private volatile LogAnswer logAnswer = exchange -> send(exchange, 200, "text/plain; charset=utf-8", "");

    FakeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void job(String namespace, String name, String statusJson) {
        jobStatus.put(namespace + "/" + name, statusJson);
    }

    void onLog(LogAnswer answer) {
        logAnswer = answer;
    }

    /** The log requests, as "raw-path?raw-query". */
    List<String> logRequests() {
        return requests.stream()
                .filter(r -> r.startsWith("GET " + LOG_PREFIX))
                .map(r -> r.substring(4))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        try {
            if (path.startsWith(LOG_PREFIX) && path.endsWith("/log")) {
                logAnswer.answer(exchange);
                return;
            }
            switch (path) {
                case "/api" -> json(exchange, 200, """
                        {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}""");
                case "/api/v1" -> json(exchange, 200, """
                        {"kind":"APIResourceList","groupVersion":"v1","resources":[]}""");
                case "/apis" -> json(exchange, 200, """
                        {"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"hpcenv.dev",
                         "versions":[{"groupVersion":"hpcenv.dev/v1alpha1","version":"v1alpha1"}],
                         "preferredVersion":{"groupVersion":"hpcenv.dev/v1alpha1","version":"v1alpha1"}}]}""");
                case "/apis/hpcenv.dev/v1alpha1" -> json(exchange, 200, """
                        {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"hpcenv.dev/v1alpha1",
                         "resources":[{"name":"hpcjobs","singularName":"hpcjob","namespaced":true,"kind":"HpcJob",
                         "verbs":["get","list"],"shortNames":["hpcjob"]}]}""");
                default -> hpcJob(exchange, path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private void hpcJob(HttpExchange exchange, String path) throws IOException {
        String prefix = "/apis/hpcenv.dev/v1alpha1/namespaces/";
        String[] parts =
                path.startsWith(prefix) ? path.substring(prefix.length()).split("/") : new String[0];
        String status =
                parts.length == 3 && parts[1].equals("hpcjobs") ? jobStatus.get(parts[0] + "/" + parts[2]) : null;
        if (status == null) {
            json(exchange, 404, status(404, "NotFound", "the server could not find the requested resource"));
            return;
        }
        json(exchange, 200, """
                {"apiVersion":"hpcenv.dev/v1alpha1","kind":"HpcJob","metadata":{"name":"%s","namespace":"%s"},
                 "status":%s}""".formatted(parts[2], parts[0], status));
    }

    static String status(int code, String reason, String message) {
        return """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"%s","reason":"%s","code":%d}""".formatted(message.replace("\"", "\\\""), reason, code);
    }

    static void json(HttpExchange exchange, int code, String body) throws IOException {
        send(exchange, code, "application/json", body);
    }

    static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
