package dev.hpcenv.slurm.rest;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClientConfig;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.auth.SlurmCredentials;
import dev.hpcenv.slurm.http.HttpSettings;
import dev.hpcenv.slurm.http.RetryPolicy;
import dev.hpcenv.slurm.testing.RestdRelease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import mockwebserver3.MockWebServer;

/** Clients pointed at a MockWebServer, with fast retries and short timeouts. */
final class MockRestd {

    static final byte[] KEY = "test-signing-key-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private MockRestd() {}

    static SlurmClientConfig config(MockWebServer server) {
        return SlurmClientConfig.of(
                        server.url("/").uri(), "hpcuser", SlurmCredentials.jwtKey(KEY, Duration.ofMinutes(30)))
                .withHttp(HttpSettings.DEFAULT
                        .withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)))
                        .withRequestTimeout(Duration.ofSeconds(2)));
    }

    /** Makes {@code server} answer like slurmrestd of {@code release}, HTTP layer included. */
    static RestdRelease serveAs(MockWebServer server, RestdRelease.Release release) {
        RestdRelease dispatcher = new RestdRelease(release);
        server.setDispatcher(dispatcher);
        return dispatcher;
    }

    static SlurmClient client(MockWebServer server, ApiVersion version) {
        return SlurmClients.connect(config(server).withApi(Optional.of(version)));
    }
}
