package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static dev.hpcenv.slurm.testing.Fixtures.json;
import static dev.hpcenv.slurm.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.testing.StartedServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP rules slurmrestd imposes, and how failures surface, checked on the wire. */
class WireRulesTest {

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();
    private SlurmClient client;

    private static final JobSubmission JOB = JobSubmission.builder("#!/bin/sh\ntrue\n")
            .env("PATH", "/bin")
            .workdir("/tmp")
            .comment("uid-1")
            .build();

    @BeforeEach
    void start() throws IOException {
        client = MockRestd.client(server, ApiVersion.V0_0_38);
    }

    @AfterEach
    void stop() {
        client.close();
    }

    @Test
    void submitUsesHttp11ExactContentTypeAndBothUserHeaders() throws Exception {
        server.enqueue(fixture(200, "v0.0.38", "submit"));
        assertThat(client.submit(JOB)).isEqualTo(16L);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getVersion()).isEqualTo("HTTP/1.1");
        assertThat(request.getHeaders().get("Upgrade")).isNull();
        assertThat(request.getHeaders().values("Content-Type")).containsExactly("application/json");
        assertThat(request.getHeaders().get("X-SLURM-USER-NAME")).isEqualTo("hpcuser");
        String token = request.getHeaders().get("X-SLURM-USER-TOKEN");
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"sun\":\"hpcuser\"");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/slurm/v0.0.38/job/submit");
    }

    @Test
    void getsCarryNoBodyAndNoContentType() throws Exception {
        server.enqueue(fixture(200, "v0.0.38", "job-running"));
        client.getJob(17);
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getBodySize()).isZero();
        assertThat(request.getHeaders().get("Content-Type")).isNull();
    }

    @Test
    void plainTextErrorBodiesBecomeOneLineMessagesWithoutTheToken() throws Exception {
        server.enqueue(text(401, "Authentication failure"));
        assertThatThrownBy(() -> client.ping()).isInstanceOfSatisfying(SlurmException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(e.getMessage())
                    .contains("HTTP 401 from " + server.url("/slurm/v0.0.38/ping") + ": Authentication failure")
                    .doesNotContain("\n");
        });
        String token = server.takeRequest().getHeaders().get("X-SLURM-USER-TOKEN");
        assertThat(token).isNotBlank();
        assertThatThrownBy(() -> client.ping())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    }

    @Test
    void idempotentCallsAreRetriedOnTransientErrors() {
        server.enqueue(text(503, "busy"));
        server.enqueue(text(502, "bad gateway"));
        server.enqueue(fixture(200, "v0.0.38", "ping"));
        assertThat(client.ping().reachable()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void retriesGiveUpAfterTheConfiguredAttempts() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(text(503, "busy"));
        }
        assertThatThrownBy(() -> client.ping()).isInstanceOf(SlurmException.class);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aSubmitIsNeverRetriedAndAServerErrorLeavesTheOutcomeUnknown() {
        server.enqueue(text(503, "busy"));
        server.enqueue(fixture(200, "v0.0.38", "submit"));
        assertThatThrownBy(() -> client.submit(JOB))
                .isInstanceOfSatisfying(
                        SlurmException.class,
                        e -> assertThat(e.outcomeUnknown()).isTrue());
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aConnectionDroppedAfterTheSubmitWasSentLeavesTheOutcomeUnknown() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(new SocketEffect.CloseSocket())
                .build());
        server.enqueue(fixture(200, "v0.0.38", "submit"));
        assertThatThrownBy(() -> client.submit(JOB)).isInstanceOfSatisfying(SlurmException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e.outcomeUnknown()).isTrue();
            assertThat(e.getMessage()).contains("comment");
        });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRejectedSubmitIsDefinitelyNotCreated() {
        server.enqueue(json(500, """
                {"errors":[{"error_code":2009,"error":"Job script not specified"}]}"""));
        assertThatThrownBy(() -> client.submit(JOB)).isInstanceOfSatisfying(SlurmException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.REJECTED);
            assertThat(e.outcomeUnknown()).isFalse();
            assertThat(e.getMessage()).contains("Job script not specified").contains("2009");
        });
    }

    @Test
    void slurmctldDownBehindSlurmrestdIsUnreachable() {
        // Number and message as slurmrestd 22.05.8 answered a submit with its slurmctld killed.
        server.enqueue(json(500, """
                {"errors":[{"error_code":1800,"error":"Unable to contact slurm controller (connect failure)"}],"job_id":null}"""));
        assertThatThrownBy(() -> client.submit(JOB)).isInstanceOfSatisfying(SlurmException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e.getMessage()).contains("cannot reach slurmctld");
        });
    }

    @Test
    void nothingListeningIsUnreachableAndASubmitThereIsKnownNotToHaveHappened() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        try (SlurmClient unreachable = dev.hpcenv.slurm.SlurmClients.connect(new dev.hpcenv.slurm.SlurmClientConfig(
                closed,
                "hpcuser",
                MockRestd.config(server).credentials(),
                Optional.of(ApiVersion.V0_0_38),
                MockRestd.config(server).http()))) {
            assertThatThrownBy(unreachable::ping).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                assertThat(e.getMessage()).contains("cannot connect").contains(Integer.toString(port));
            });
            assertThatThrownBy(() -> unreachable.submit(JOB))
                    .isInstanceOfSatisfying(
                            SlurmException.class,
                            e -> assertThat(e.outcomeUnknown()).isFalse());
        }
    }

    @Test
    void aStalledServerTimesOutWithinTheTimeoutAndIsNotRetried() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        try (SlurmClient impatient = dev.hpcenv.slurm.SlurmClients.connect(MockRestd.config(server)
                .withApi(Optional.of(ApiVersion.V0_0_38))
                .withHttp(MockRestd.config(server).http().withRequestTimeout(Duration.ofMillis(300))))) {
            long started = System.nanoTime();
            assertThatThrownBy(impatient::ping).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.getMessage())
                        .contains("no answer from slurmrestd at " + server.url("/slurm/v0.0.38/ping"))
                        .contains("within 300ms")
                        .contains("raise the timeout")
                        .doesNotContain("\n");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRefusedTokenIsRenewedOnceForReadsThenReported() {
        server.enqueue(fixture(500, "v0.0.38", "auth-failure"));
        server.enqueue(fixture(500, "v0.0.38", "auth-failure"));
        assertThatThrownBy(() -> client.getJob(13)).isInstanceOfSatisfying(SlurmException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(e.getMessage()).contains("token was refused");
        });
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
