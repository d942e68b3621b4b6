package dev.hpcenv.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.PingResult;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.testing.StartedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client against answers recorded from a real slurmrestd 26.05.3 (fixtures/live-26.05.3), for v0.0.44 and
 * v0.0.45: what a site on that release sees, including the answers the sources did not predict.
 */
class LiveAnswersTest {

    private static final Path DIR = Path.of("src/test/resources/fixtures/live-26.05.3");

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();
    /** Request path (after /slurm/vX/) to the recorded answer's file name (after vX-). */
    private final Map<String, String> answers = new ConcurrentHashMap<>();

    private ApiVersion version;

    @ParameterizedTest
    @EnumSource(names = {"V0_0_44", "V0_0_45"})
    void theJobsOfARealServerReadAsSlurmShowedThem(ApiVersion v) {
        serve(v, Map.of("job/1", "job-1", "job/4", "job-4", "job/5", "job-5", "job/7", "job-7", "ping", "ping"));
        try (SlurmClient client = client()) {
            JobInfo done = client.getJob(1).orElseThrow();
            assertThat(done.state()).isEqualTo(JobState.COMPLETED);
            assertThat(done.exit().exitCode()).isZero();
            assertThat(done.user()).isEqualTo("hpcuser");
            JobInfo held = client.getJob(4).orElseThrow();
            assertThat(held.state()).isEqualTo(JobState.PENDING);
            assertThat(held.stateReason()).isEqualTo("JobHeldUser");
            assertThat(client.getJob(5).orElseThrow().state()).isEqualTo(JobState.RUNNING);
            assertThat(client.getJob(7).orElseThrow().stateReason()).isEqualTo("Resources");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_44", "V0_0_45"})
    void listingsSubmitsAndAHealthyPingRead(ApiVersion v) {
        serve(v, Map.of("jobs", "jobs", "nodes", "nodes", "partitions", "partitions", "job/submit", "submit"));
        try (SlurmClient client = client()) {
            assertThat(client.listJobs(java.util.Optional.empty())).hasSize(9);
            assertThat(client.nodes()).isNotEmpty();
            assertThat(client.partitions()).isNotEmpty();
            assertThat(client.submit(JobSubmission.builder("#!/bin/sh\necho hi\n")
                            .env("PATH", "/bin")
                            .workdir("/tmp")
                            .build()))
                    .isPositive();
        }
        serve(v, Map.of("ping", "ping"));
        try (SlurmClient client = client()) {
            PingResult ping = client.ping();
            assertThat(ping.reachable()).isTrue();
            assertThat(ping.slurmRelease()).isEqualTo("26.05.3");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_44", "V0_0_45"})
    void cancelReadsEachOutcomeFromTheAnswerAndAnotherUsersJobIsARefusal(ApiVersion v) {
        serve(v, Map.of("job/4", "delete-held", "job/1", "delete-finished", "job/999999", "delete-unknown"));
        try (SlurmClient client = client()) {
            assertThat(client.cancel(4)).isEqualTo(CancelOutcome.CANCELLED);
            assertThat(client.cancel(1)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
            assertThat(client.cancel(999999)).isEqualTo(CancelOutcome.NOT_FOUND);
        }
        serve(v, Map.of("job/5", "delete-other-user"));
        try (SlurmClient client = client()) {
            assertThatThrownBy(() -> client.cancel(5)).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.REJECTED);
                assertThat(e.getMessage()).contains("403", "Operation not permitted", "another user");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_44", "V0_0_45"})
    void aTokenSlurmctldRefusesIsAnAuthenticationFailureNotADownController(ApiVersion v) {
        // v0.0.45 names the cause in the ping; for v0.0.44 diag tells, with 24.11+'s 511 (error 1007)
        serve(v, Map.of("ping", "ping-badtoken", "diag", "@511"));
        try (SlurmClient client = client()) {
            assertThatThrownBy(client::ping)
                    .isInstanceOfSatisfying(
                            SlurmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_44", "V0_0_45"})
    void aStoppedSlurmctldIsUnreachableNotARefusedToken(ApiVersion v) {
        serve(v, Map.of("ping", "ping-ctld-down", "diag", "@502", "job/1", "job-ctld-down"));
        try (SlurmClient client = client()) {
            assertThat(client.ping().reachable()).isFalse();
            assertThatThrownBy(() -> client.getJob(1)).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                assertThat(e.getMessage()).contains("check that slurmctld runs");
            });
        }
    }

    private SlurmClient client() {
        return MockRestd.client(server, version);
    }

    /** Serves {@code v}'s recorded answers; {@code @511} and {@code @502} are diag's answers as 26.05.3 gives them. */
    private void serve(ApiVersion v, Map<String, String> byPath) {
        version = v;
        answers.clear();
        answers.putAll(byPath);
        String prefix = "/slurm/" + v.pathSegment() + "/";
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                String name = path.startsWith(prefix) ? answers.get(path.substring(prefix.length())) : null;
                if (name == null) {
                    return new MockResponse.Builder()
                            .code(404)
                            .setHeader("Content-Type", "text/plain")
                            .body("Unable to find requested URL")
                            .build();
                }
                if (name.equals("@511")) {
                    return json(
                            511,
                            "{\"meta\":{\"slurm\":{\"release\":\"26.05.3\"}},\"errors\":[{\"error_number\":1007,"
                                    + "\"error\":\"Protocol authentication error\",\"source\":\"slurm_get_statistics\"}]}");
                }
                if (name.equals("@502")) {
                    return recorded("v0.0.45-jobs-ctld-down");
                }
                return recorded(v.pathSegment() + "-" + name);
            }
        });
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    /** A recorded answer: its status line's code, its Content-Type, its body. */
    private static MockResponse recorded(String name) {
        try {
            String http = Files.readString(DIR.resolve(name + ".http"), StandardCharsets.UTF_8);
            int split = http.indexOf("\r\n\r\n");
            int sep = split >= 0 ? 4 : 2;
            if (split < 0) {
                split = http.indexOf("\n\n");
            }
            String head = http.substring(0, split);
            String body = http.substring(split + sep);
            int code = Integer.parseInt(head.split(" ", 3)[1]);
            return json(code, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
