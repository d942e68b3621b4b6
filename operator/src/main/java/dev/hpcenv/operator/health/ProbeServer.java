package dev.hpcenv.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * /healthz (liveness), /readyz (readiness) and /metrics (Prometheus text) on one small JDK HTTP
 * server: the kubelet and Prometheus need nothing more.
 */
public final class ProbeServer implements AutoCloseable {

    private final HttpServer server;

    private ProbeServer(HttpServer server) {
        this.server = server;
    }

    public static ProbeServer start(
            int port, boolean loopbackOnly, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics) {
        try {
            InetSocketAddress address = loopbackOnly
                    ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port)
                    : new InetSocketAddress(port);
            HttpServer server = HttpServer.create(address, 0);
            server.createContext("/healthz", exchange -> probe(exchange, live.getAsBoolean()));
            server.createContext("/readyz", exchange -> probe(exchange, ready.getAsBoolean()));
            server.createContext(
                    "/metrics",
                    exchange -> reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "hpcenv-probes");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return new ProbeServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on port " + port + " for /healthz, /readyz and /metrics (" + e.getMessage()
                            + "); set HPCENV_HTTP_PORT to a free port, or -1 to turn them off",
                    e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange exchange, boolean ok) throws IOException {
        reply(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
    }

    private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
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
