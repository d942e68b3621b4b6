package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static dev.hpcenv.slurm.testing.Fixtures.json;
import static dev.hpcenv.slurm.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.PingResult;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.testing.RestdRelease;
import dev.hpcenv.slurm.testing.StartedServer;
import java.util.Set;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiVersionDetectorTest {

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();

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
        // slurmrestd checks the token before it looks at the path (operations.c operations_router).
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return text(401, "Authentication failure");
            }
        });
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

    @Test
    void picksTheNewestVersionOfEachReleaseAndListsWhatItOffers() {
        for (RestdRelease.Release release : RestdRelease.Release.values()) {
            // Given
            RestdRelease restd = MockRestd.serveAs(server, release);
            // When
            try (SlurmClient client = SlurmClients.connect(MockRestd.config(server))) {
                PingResult ping = client.ping();
                // Then
                String newest = release.served().get(release.served().size() - 1);
                assertThat(client.apiVersion().pathSegment()).isEqualTo(newest);
                assertThat(ping.offeredVersions()).containsExactlyElementsOf(release.served());
                assertThat(client.version().offeredVersions()).containsExactlyElementsOf(release.served());
                assertThat(ping.deprecation()).isEmpty();
            }
            assertThat(restd.rejects()).allMatch(r -> r.startsWith("404 GET /slurm/"));
        }
    }

    @Test
    void aServerAlsoOfferingNewerVersionsGetsTheNewestKnownAndListsTheNewerOnes() {
        serve(Set.of("v0.0.44", "v0.0.45", "v0.0.46"), fixture(200, "v0.0.44", "ping"));
        try (SlurmClient client = SlurmClients.connect(MockRestd.config(server))) {
            assertThat(client.apiVersion()).isEqualTo(ApiVersion.V0_0_45);
            assertThat(client.version().offeredVersions()).containsExactly("v0.0.44", "v0.0.45", "v0.0.46");
            assertThat(client.version().apiPath()).isEqualTo("v0.0.45");
        }
    }

    @Test
    void aServerOfferingOnlyNewerVersionsIsReadWithTheNewestAdapterOnTheOldestOfThem() throws Exception {
        // Given: a future slurmrestd whose v0.0.46 answers still read as v0.0.45's
        serve(Set.of("v0.0.46", "v0.0.47"), fixture(200, "v0.0.44", "ping"));
        // When
        try (SlurmClient client = SlurmClients.connect(MockRestd.config(server))) {
            PingResult ping = client.ping();
            // Then
            assertThat(client.apiVersion()).isEqualTo(ApiVersion.newest());
            assertThat(ping.apiPath()).isEqualTo("v0.0.46");
            assertThat(ping.offeredVersions()).containsExactly("v0.0.46", "v0.0.47");
            assertThat(ping.reachable()).isTrue();
        }
        RecordedRequest last = null;
        for (int i = server.getRequestCount(); i > 0; i--) {
            last = server.takeRequest();
        }
        assertThat(last.getUrl().encodedPath()).isEqualTo("/slurm/v0.0.46/ping");
    }

    @Test
    void aServerOfferingOnlyNewerVersionsThatCannotBeReadIsOneLineNamingBothSides() {
        serve(Set.of("v0.0.46"), json(200, "{\"controllers\":[{\"host\":\"ctl\"}],\"meta\":{}}"));
        assertThatThrownBy(() -> SlurmClients.connect(MockRestd.config(server)))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNSUPPORTED_VERSION);
                    assertThat(e.getMessage())
                            .startsWith("slurmrestd at " + server.url("/") + " offers v0.0.46, all newer than this"
                                    + " client knows (" + ApiVersion.choices() + "); reading v0.0.46 as "
                                    + ApiVersion.newest() + " failed: ")
                            .contains("no controller")
                            .contains("upgrade hpcenv")
                            .doesNotContain("\n");
                });
    }
}
