package dev.hpcenv.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ProbeServerTest {

    @Test
    void servesLivenessReadinessAndMetrics() throws Exception {
        // Given
        AtomicBoolean ready = new AtomicBoolean(false);
        try (ProbeServer server = ProbeServer.start(0, true, () -> true, ready::get, () -> "hpcenv_x 1\n")) {
            HttpClient http = HttpClient.newHttpClient();
            // When
            int notReady = get(http, server, "/readyz").statusCode();
            ready.set(true);
            // Then
            assertThat(notReady).isEqualTo(503);
            assertThat(get(http, server, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(http, server, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(http, server, "/metrics");
            assertThat(metrics.body()).isEqualTo("hpcenv_x 1\n");
            assertThat(metrics.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> t.startsWith("text/plain"));
        }
    }

    private static HttpResponse<String> get(HttpClient http, ProbeServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
