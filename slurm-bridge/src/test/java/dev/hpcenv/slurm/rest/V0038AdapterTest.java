package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.testing.StartedServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** v0.0.38 against answers recorded from the real slurmrestd 22.05.8 (fixtures/v0.0.38). */
class V0038AdapterTest {

    private static final String V = "v0.0.38";

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();
    private SlurmClient client;

    @BeforeEach
    void start() throws IOException {
        client = MockRestd.client(server, ApiVersion.V0_0_38);
    }

    @AfterEach
    void stop() {
        client.close();
    }

    @Test
    void submitPutsTheScriptAtTopLevelAndTheEnvironmentAsAnObject() throws Exception {
        server.enqueue(fixture(200, V, "submit"));
        JobSubmission job = JobSubmission.builder("#!/bin/sh\nexec \"$@\"\n")
                .env("PATH", "/bin")
                .env("QUOTED", "a \"b\" $(c) `d`\nline2")
                .workdir("/scratch/u")
                .name("n")
                .comment("uid-7")
                .standardOutput("/dev/null")
                .partition("debug")
                .nodes(2)
                .ntasks(4)
                .tasksPerNode(2)
                .cpusPerTask(1)
                .memoryMb(100L)
                .timeLimit(Duration.ofMinutes(5))
                .hold(true)
                .build();
        assertThat(client.submit(job)).isEqualTo(16L);
        JsonNode body =
                new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
        assertThat(body.get("script").asText()).isEqualTo("#!/bin/sh\nexec \"$@\"\n");
        JsonNode sent = body.get("job");
        assertThat(sent.has("script")).isFalse(); // an unknown key: 400 on v0.0.38
        assertThat(sent.get("environment").isObject()).isTrue();
        assertThat(sent.get("environment").get("QUOTED").asText()).isEqualTo("a \"b\" $(c) `d`\nline2");
        assertThat(sent.get("current_working_directory").asText()).isEqualTo("/scratch/u");
        assertThat(sent.get("nodes").asText()).isEqualTo("2");
        assertThat(sent.get("tasks").asInt()).isEqualTo(4);
        assertThat(sent.get("time_limit").asInt()).isEqualTo(5);
        assertThat(sent.get("hold").asBoolean()).isTrue();
        assertThat(sent.get("comment").asText()).isEqualTo("uid-7");
    }

    @Test
    void aHeldJobIsASuccessDespiteItsErrorEntry() {
        server.enqueue(fixture(200, V, "submit-held"));
        assertThat(client.submit(JobSubmission.builder("#!/bin/sh\n")
                        .env("PATH", "/bin")
                        .workdir("/tmp")
                        .hold(true)
                        .build()))
                .isEqualTo(15L);
    }

    @Test
    void rawWaitStatusesBecomeExitCodesAndSignals() {
        server.enqueue(fixture(200, V, "job-failed-exit-3"));
        server.enqueue(fixture(200, V, "job-killed-signal-9"));
        server.enqueue(fixture(200, V, "job-cancelled"));
        JobInfo failed = client.getJob(13).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.exit()).isEqualTo(ExitStatus.exited(3));
        assertThat(failed.stateReason()).isEqualTo("NonZeroExitCode");
        assertThat(client.getJob(16).orElseThrow().exit()).isEqualTo(ExitStatus.signalled(9));
        JobInfo cancelled = client.getJob(17).orElseThrow();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.exit()).isEqualTo(ExitStatus.signalled(15));
    }

    @Test
    void aRunningJobHasNodesTimesAndNoExitStatusYet() {
        server.enqueue(fixture(200, V, "job-running"));
        JobInfo job = client.getJob(17).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.exit()).isNull();
        assertThat(job.nodes()).containsExactly("localhost");
        assertThat(job.startTime()).isEqualTo(Instant.ofEpochSecond(1795262016L));
        assertThat(job.comment()).isEqualTo("uid-1234");
        assertThat(job.user()).isEqualTo("hpcuser");
    }

    @Test
    void aHeldJobIsPendingWithoutNodesOrStartTime() {
        server.enqueue(fixture(200, V, "job-held"));
        JobInfo job = client.getJob(15).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.stateReason()).isEqualTo("JobHeldUser");
        assertThat(job.nodes()).isEmpty();
        assertThat(job.startTime()).isNull();
    }

    @Test
    void anUnknownOrPurgedJobIsEmptyNotAnError() {
        server.enqueue(fixture(500, V, "job-unknown"));
        assertThat(client.getJob(999999)).isEmpty();
    }

    @Test
    void listingSinceATimeAcceptsTheEmpty304() throws Exception {
        server.enqueue(new MockResponse.Builder().code(304).build());
        assertThat(client.listJobs(Optional.of(Instant.ofEpochSecond(1795262000L))))
                .isEmpty();
        assertThat(server.takeRequest().getUrl().queryParameter("update_time")).isEqualTo("1795262000");
    }

    @Test
    void findByCommentListsAndMatchesExactly() {
        server.enqueue(fixture(200, V, "job-running"));
        assertThat(client.findByComment("uid-1234")).extracting(JobInfo::jobId).containsExactly(17L);
        server.enqueue(fixture(200, V, "job-running"));
        assertThat(client.findByComment("uid-12")).isEmpty();
    }

    @Test
    void cancelLooksFirstThenSendsAPlainDelete() throws Exception {
        server.enqueue(fixture(200, V, "job-held"));
        server.enqueue(fixture(200, V, "cancel-ok"));
        assertThat(client.cancel(15)).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getUrl().querySize()).isZero(); // default signal: KILL, which a pending job accepts
    }

    @Test
    void cancelReportsUnknownAndFinishedJobsWithoutKilling() {
        server.enqueue(fixture(500, V, "job-unknown"));
        assertThat(client.cancel(999999)).isEqualTo(CancelOutcome.NOT_FOUND);
        server.enqueue(fixture(200, V, "job-failed-exit-3"));
        assertThat(client.cancel(13)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aJobThatVanishesBetweenLookAndKillIsNotFound() {
        server.enqueue(fixture(200, V, "job-running"));
        server.enqueue(fixture(500, V, "cancel-unknown"));
        assertThat(client.cancel(17)).isEqualTo(CancelOutcome.NOT_FOUND);
    }

    @Test
    void pingPartitionsAndNodes() {
        server.enqueue(fixture(200, V, "ping"));
        server.enqueue(fixture(200, V, "partitions"));
        server.enqueue(fixture(200, V, "nodes"));
        var ping = client.ping();
        assertThat(ping.reachable()).isTrue();
        assertThat(ping.slurmRelease()).isEqualTo("22.05.8");
        assertThat(ping.apiVersion()).isEqualTo(ApiVersion.V0_0_38);
        var partition = client.partitions().get(0);
        assertThat(partition.name()).isEqualTo("debug");
        assertThat(partition.isDefault()).isTrue();
        assertThat(partition.nodes()).containsExactly("localhost");
        assertThat(partition.maxTimeMinutes()).isNull();
        var node = client.nodes().get(0);
        assertThat(node.name()).isEqualTo("localhost");
        assertThat(node.states()).first().isIn("IDLE", "MIXED", "ALLOCATED");
        assertThat(node.partitions()).containsExactly("debug");
    }
}
