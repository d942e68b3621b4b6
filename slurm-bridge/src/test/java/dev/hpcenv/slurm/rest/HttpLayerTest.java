package dev.hpcenv.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.PingResult;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.testing.Fixtures;
import dev.hpcenv.slurm.testing.RestdRelease;
import dev.hpcenv.slurm.testing.RestdRelease.Release;
import dev.hpcenv.slurm.testing.StartedServer;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP layer of slurmrestd 25.11 and 26.05 (SchedMD slurm-25-11-0-1: src/common/http_con.c,
 * src/common/http.c, src/slurmrestd/operations.c), which applies to every plugin version they serve: the
 * client's requests pass it on each version, and each reject it can answer is one line saying what was
 * wrong with a hint, of a kind that is not retried.
 */
class HttpLayerTest {

    private static final JobSubmission JOB = JobSubmission.builder("#!/bin/sh\ntrue\n")
            .env("PATH", "/bin")
            .workdir("/tmp")
            .comment("uid-1")
            .timeLimit(Duration.ofMinutes(5))
            .build();

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();

    static Stream<Arguments> servedVersions() {
        return Stream.of(Release.values())
                .flatMap(r -> r.served().stream()
                        .map(v -> Arguments.of(r, ApiVersion.fromPathSegment(v).orElseThrow())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servedVersions")
    void everyCallOfTheClientPassesTheHttpLayerOnEveryServedVersion(Release release, ApiVersion v) {
        // Given
        RestdRelease restd = MockRestd.serveAs(server, release);
        // When
        try (SlurmClient client = MockRestd.client(server, v)) {
            PingResult ping = client.ping();
            long id = client.submit(JOB);
            assertThat(client.getJob(id)).isPresent();
            assertThat(client.getJob(999999)).isEmpty();
            client.listJobs(Optional.empty());
            client.partitions();
            client.nodes();
            assertThat(client.cancel(id)).isEqualTo(CancelOutcome.CANCELLED);
            // Then
            assertThat(ping.slurmRelease()).isEqualTo(release.release());
        }
        assertThat(restd.rejects()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servedVersions")
    void aSubmissionWithoutAScriptIs422Error9000OneLineAndNotRetried(Release release, ApiVersion v) {
        // JobSubmission refuses an empty script, so this is what 25.11+ answers one that lost it on the way
        // (jobs.c _job_post: ESLURM_REST_INVALID_QUERY, 422 by http_status_from_error).
        server.enqueue(Fixtures.json(422, """
                {"errors":[{"description":"Populated \\"script\\" field is required for job submission",\
                "error_number":9000,"error":"Query empty or not RFC7320 compliant","source":"_job_post"}],\
                "warnings":[],"meta":{"slurm":{"release":"%s"}}}""".formatted(release.release())));
        try (SlurmClient client = MockRestd.client(server, v)) {
            assertThatThrownBy(() -> client.submit(JOB)).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(422);
                assertThat(e.kind()).isEqualTo(Kind.REJECTED);
                assertThat(e.outcomeUnknown()).isFalse();
                assertThat(e.getMessage())
                        .contains("Populated \"script\" field is required")
                        .contains("error 9000")
                        .doesNotContain("\n");
            });
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    static Stream<Arguments> rejects() {
        return Stream.of(
                Arguments.of(406, "HTTP protocol upgrading is not supported.", "Upgrade"),
                Arguments.of(415, "MIME type is unknown to any loaded plugins", "application/json"),
                Arguments.of(411, "HTTP Content-Length header required for POST method requests", "Content-Length"),
                Arguments.of(404, "Unable to find requested URL endpoint.", "with this method"),
                Arguments.of(417, "Invalid or unsupported HTTP Content-Encoding header", "Expect"),
                Arguments.of(413, "HTTP Content-Length header too large to process", "larger"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejects")
    void eachRejectOfTheHttpLayerIsOneLineWithAHintAndNeverRetried(int status, String body, String hint) {
        for (ApiVersion v : new ApiVersion[] {ApiVersion.V0_0_43, ApiVersion.V0_0_44, ApiVersion.V0_0_45}) {
            // Given: slurmrestd's reject as it sends it (a proxy in between caused it), then a good answer
            server.enqueue(reject(status, body));
            server.enqueue(Fixtures.fixture(200, v.pathSegment(), "job-running"));
            int before = server.getRequestCount();
            try (SlurmClient client = MockRestd.client(server, v)) {
                // When / Then
                assertThatThrownBy(() -> client.getJob(779)).isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.kind()).isIn(Kind.REJECTED, Kind.NOT_FOUND);
                    assertThat(e.getMessage())
                            .startsWith("get job 779 failed: HTTP " + status + " from ")
                            .contains(body)
                            .contains(hint)
                            .doesNotContain("\n");
                });
                assertThat(server.getRequestCount() - before).as("not retried").isEqualTo(1);
                // The good answer is still queued: nothing took it behind the caller's back.
                assertThat(client.getJob(779)).isPresent();
            }
        }
    }

    @Test
    void theClientNeverSendsACharsetParameterOrAnUpgrade() throws Exception {
        MockRestd.serveAs(server, Release.SLURM_25_11);
        try (SlurmClient client = MockRestd.client(server, ApiVersion.V0_0_44)) {
            client.submit(JOB);
        }
        var request = server.takeRequest();
        assertThat(request.getHeaders().values("Content-Type")).containsExactly("application/json");
        assertThat(request.getHeaders().get("Upgrade")).isNull();
        assertThat(request.getHeaders().get("Transfer-Encoding")).isNull();
        assertThat(request.getHeaders().get("Content-Length")).isNotNull();
    }

    @Test
    void slurm2605sReadyzIsAskedWithTheTokenAndMakesThePingReady() throws Exception {
        RestdRelease restd = MockRestd.serveAs(server, Release.SLURM_26_05);
        try (SlurmClient client = MockRestd.client(server, ApiVersion.V0_0_45)) {
            PingResult ping = client.ping();
            assertThat(ping.readiness()).isEqualTo(PingResult.Readiness.READY);
            assertThat(ping.reachable()).isTrue();
        }
        assertThat(restd.paths()).containsExactly("GET /slurm/v0.0.45/ping", "GET /readyz");
        assertThat(restd.rejects()).isEmpty(); // /readyz got the token: no 401
    }

    @Test
    void a2511ServerIsNeverAskedForReadyzOnAnyVersion() {
        RestdRelease restd = MockRestd.serveAs(server, Release.SLURM_25_11);
        for (String v : Release.SLURM_25_11.served()) {
            try (SlurmClient client =
                    MockRestd.client(server, ApiVersion.fromPathSegment(v).orElseThrow())) {
                assertThat(client.ping().readiness()).isEqualTo(PingResult.Readiness.NOT_SERVED);
            }
        }
        assertThat(restd.paths()).noneMatch(p -> p.contains("readyz"));
    }

    @Test
    void aReadyzThatIsNotReadyMakesTheClusterUnreachable() {
        server.enqueue(Fixtures.fixture(200, "v0.0.45", "ping"));
        server.enqueue(new MockResponse.Builder().code(500).body("starting").build());
        try (SlurmClient client = SlurmClients.connect(MockRestd.config(server)
                .withApi(Optional.of(ApiVersion.V0_0_45))
                .withHttp(MockRestd.config(server).http().withRetry(dev.hpcenv.slurm.http.RetryPolicy.NONE)))) {
            PingResult ping = client.ping();
            assertThat(ping.readiness()).isEqualTo(PingResult.Readiness.NOT_READY);
            assertThat(ping.reachable()).isFalse();
        }
    }

    private static MockResponse reject(int status, String body) {
        return new MockResponse.Builder()
                .code(status)
                .setHeader("Content-Type", "text/plain")
                .setHeader("Connection", "Close")
                .body(body)
                .build();
    }
}
