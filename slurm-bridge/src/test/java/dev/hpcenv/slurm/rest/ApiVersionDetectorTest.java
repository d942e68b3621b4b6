package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static dev.hpcenv.slurm.testing.Fixtures.json;
import static dev.hpcenv.slurm.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.SlurmException;
import java.io.IOException;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiVersionDetectorTest {

    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A slurmrestd serving exactly {@code served}; the others get its text/plain 404. */
    private void serve(Set<String> served, MockResponse pingAnswer) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                for (String version : served) {
                    if (path.startsWith("/slurm/" + version + "/")) {
                        return pingAnswer;
                    }
                }
                return text(404, "Unable find requested URL. Please view /openapi/v3 for API reference.");
            }
        });
    }

    @Test
    void picksTheNewestServedVersion() {
        serve(Set.of("v0.0.40", "v0.0.41", "v0.0.42"), fixture(200, "v0.0.42", "ping"));
        try (SlurmClient client = SlurmClients.connect(MockRestd.config(server))) {
            assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_42);
        }
    }

    @Test
    void findsV38OnSlurm2205() {
        serve(Set.of("v0.0.38"), fixture(200, "v0.0.38", "ping"));
        try (SlurmClient client = SlurmClients.connect(MockRestd.config(server))) {
            assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_38);
        }
    }

    @Test
    void skipsAServedVersionThatFailsAndUsesAnOlderOne() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.startsWith("/slurm/v0.0.39/")) {
                    return json(
                            500, "{\"errors\":[{\"error_number\":7000,\"error\":\"Unable to connect to database\"}]}");
                }
                if (path.startsWith("/slurm/v0.0.38/")) {
                    return fixture(200, "v0.0.38", "ping");
                }
                return text(404, "Unable find requested URL.");
            }
        });
        try (SlurmClient client = SlurmClients.connect(MockRestd.config(server))) {
            assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_38);
        }
    }

    @Test
    void stopsAtARefusedToken() {
        serve(Set.of("v0.0.43"), text(401, "Authentication failure"));
        assertThatThrownBy(() -> SlurmClients.connect(MockRestd.config(server)))
                .isInstanceOfSatisfying(
                        SlurmException.class, e -> assertThat(e.kind()).isEqualTo(SlurmException.Kind.AUTHENTICATION));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aServerWithOnlyOldVersionsIsUnsupported() {
        serve(Set.of("v0.0.37"), fixture(200, "v0.0.38", "ping"));
        assertThatThrownBy(() -> SlurmClients.connect(MockRestd.config(server)))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNSUPPORTED_VERSION);
                    assertThat(e.getMessage()).contains("v0.0.43").contains("v0.0.38");
                });
    }
}
