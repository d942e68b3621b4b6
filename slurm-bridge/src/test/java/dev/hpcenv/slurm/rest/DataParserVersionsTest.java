package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.Partition;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.testing.StartedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * v0.0.40 to v0.0.45 against hand-written fixtures of the documented shapes (sources in
 * fixtures/README.md). Every shape difference in the reference has a case here.
 */
class DataParserVersionsTest {

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();

    private SlurmClient client(ApiVersion version) {
        return MockRestd.client(server, version);
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void submitPutsTheScriptInJobAndTheEnvironmentAsKeyValueStrings(ApiVersion v) throws Exception {
        server.enqueue(fixture(200, v.pathSegment(), "submit"));
        JobSubmission job = JobSubmission.builder("#!/bin/sh\ntrue\n")
                .env("PATH", "/bin")
                .env("SPEC", "a=b\n\"c\"")
                .workdir("/tmp")
                .timeLimit(Duration.ofMinutes(10))
                .nodes(1)
                .gpus(2)
                .build();
        try (SlurmClient client = client(v)) {
            assertThat(client.submit(job)).isEqualTo(9L);
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/slurm/" + v.pathSegment() + "/job/submit");
        JsonNode body = new ObjectMapper().readTree(request.getBody().utf8());
        assertThat(body.has("script")).isFalse(); // deprecated at the top level from v0.0.41
        JsonNode sent = body.get("job");
        assertThat(sent.get("script").asText()).isEqualTo("#!/bin/sh\ntrue\n");
        assertThat(sent.get("environment").isArray()).isTrue();
        assertThat(sent.get("environment"))
                .extracting(JsonNode::asText)
                .containsExactly("PATH=/bin", "SPEC=a=b\n\"c\"");
        assertThat(sent.get("time_limit").isInt()).isTrue(); // never a string: v0.0.39 rejects those
        assertThat(sent.get("tres_per_job").asText()).isEqualTo("gres/gpu:2");
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void aHeldSubmitWarnsButSucceeds(ApiVersion v) {
        server.enqueue(fixture(200, v.pathSegment(), "submit-held"));
        try (SlurmClient client = client(v)) {
            assertThat(client.submit(JobSubmission.builder("#!/bin/sh\n")
                            .env("PATH", "/bin")
                            .workdir("/tmp")
                            .hold(true)
                            .build()))
                    .isEqualTo(9L);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void runningJobWithStateArrayNoValTimesAndHostlist(ApiVersion v) {
        server.enqueue(fixture(200, v.pathSegment(), "job-running"));
        try (SlurmClient client = client(v)) {
            JobInfo job = client.getJob(779).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.RUNNING);
            assertThat(job.rawState()).isEqualTo("RUNNING");
            assertThat(job.exit()).isNull();
            assertThat(job.nodes()).containsExactly("cn1", "cn2");
            assertThat(job.submitTime()).isEqualTo(Instant.ofEpochSecond(1747045579L));
            assertThat(job.startTime()).isEqualTo(Instant.ofEpochSecond(1747045583L));
            assertThat(job.timeLimitMinutes()).isEqualTo(2);
            assertThat(job.comment()).isEqualTo("uid-1234");
            // v0.0.43 reports the raw %j pattern in standard_output and the path in stdout_expanded.
            assertThat(job.standardOutput()).isEqualTo("/home/crich/slurm-779.out");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void verboseExitCodes(ApiVersion v) {
        server.enqueue(fixture(200, v.pathSegment(), "job-failed-exit-3"));
        server.enqueue(fixture(200, v.pathSegment(), "job-timeout-signal"));
        server.enqueue(fixture(200, v.pathSegment(), "job-killed-signal-9"));
        try (SlurmClient client = client(v)) {
            JobInfo failed = client.getJob(778).orElseThrow();
            assertThat(failed.state()).isEqualTo(JobState.FAILED);
            assertThat(failed.exit()).isEqualTo(ExitStatus.exited(3));
            JobInfo timeout = client.getJob(776).orElseThrow();
            assertThat(timeout.state()).isEqualTo(JobState.TIMEOUT);
            assertThat(timeout.exit()).isEqualTo(ExitStatus.signalled(15));
            assertThat(client.getJob(777).orElseThrow().exit()).isEqualTo(ExitStatus.signalled(9));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void completingFlagAndPendingStatus(ApiVersion v) {
        server.enqueue(fixture(200, v.pathSegment(), "job-completing"));
        server.enqueue(fixture(200, v.pathSegment(), "job-pending"));
        try (SlurmClient client = client(v)) {
            JobInfo completing = client.getJob(780).orElseThrow();
            assertThat(completing.state()).isEqualTo(JobState.COMPLETING);
            assertThat(completing.rawState()).isEqualTo("COMPLETED,COMPLETING");
            assertThat(completing.exit()).isEqualTo(ExitStatus.exited(0));
            JobInfo pending = client.getJob(787).orElseThrow();
            assertThat(pending.state()).isEqualTo(JobState.PENDING);
            assertThat(pending.exit()).isNull();
            assertThat(pending.nodes()).isEmpty();
            assertThat(pending.endTime()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void unknownJobIs404AndEmpty(ApiVersion v) {
        server.enqueue(fixture(404, v.pathSegment(), "job-unknown"));
        try (SlurmClient client = client(v)) {
            assertThat(client.getJob(1578)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void refusedTokenIsAnAuthenticationErrorWhetherItComesAs500Or511(ApiVersion v) {
        int status = v.atLeast(ApiVersion.V0_0_42) ? 511 : 500;
        server.enqueue(fixture(status, v.pathSegment(), "auth-failure"));
        server.enqueue(fixture(status, v.pathSegment(), "auth-failure"));
        try (SlurmClient client = client(v)) {
            assertThatThrownBy(client::ping).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(SlurmException.Kind.AUTHENTICATION);
                assertThat(e.httpStatus()).isEqualTo(status);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void pingReadsPingedOrResponding(ApiVersion v) {
        server.enqueue(fixture(200, v.pathSegment(), "ping"));
        if (v == ApiVersion.V0_0_45) {
            server.enqueue(new mockwebserver3.MockResponse.Builder().code(204).build()); // 26.05's /readyz
        }
        try (SlurmClient client = client(v)) {
            var ping = client.ping();
            assertThat(ping.reachable()).isTrue();
            assertThat(ping.controllers().get(0).mode()).isEqualTo("primary");
            assertThat(ping.slurmRelease())
                    .startsWith(
                            switch (v) {
                                case V0_0_40 -> "23.11";
                                case V0_0_41 -> "24.05";
                                case V0_0_42 -> "24.11";
                                case V0_0_43 -> "25.05";
                                case V0_0_44 -> "25.11";
                                default -> "26.05";
                            });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41", "V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void nestedPartitionsAndStateArrayNodes(ApiVersion v) {
        server.enqueue(fixture(200, v.pathSegment(), "partitions"));
        server.enqueue(fixture(200, v.pathSegment(), "nodes"));
        try (SlurmClient client = client(v)) {
            List<Partition> partitions = client.partitions();
            assertThat(partitions.get(0))
                    .isEqualTo(new Partition("standard", "UP", List.of("cn1", "cn2"), 8, 2, null, true));
            assertThat(partitions.get(1).maxTimeMinutes()).isEqualTo(1440);
            assertThat(partitions.get(1).isDefault()).isFalse();
            var drained = client.nodes().get(1);
            assertThat(drained.states()).containsExactly("IDLE", "DRAIN");
            assertThat(drained.reason()).isEqualTo("maintenance");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_40", "V0_0_41"})
    void beforeV42CancelLooksFirstBecauseTheDeleteAnswerHidesUnknownJobs(ApiVersion v) throws Exception {
        String f = v.pathSegment();
        try (SlurmClient client = client(v)) {
            server.enqueue(fixture(200, f, "job-running"));
            server.enqueue(fixture(200, f, "cancel-ok"));
            assertThat(client.cancel(779)).isEqualTo(CancelOutcome.CANCELLED);
            assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
            assertThat(server.takeRequest().getMethod()).isEqualTo("DELETE");

            server.enqueue(fixture(404, f, "job-unknown"));
            assertThat(client.cancel(1578)).isEqualTo(CancelOutcome.NOT_FOUND);
            server.enqueue(fixture(200, f, "job-failed-exit-3"));
            assertThat(client.cancel(778)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
            assertThat(server.getRequestCount()).isEqualTo(4); // no DELETE for those two
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_42", "V0_0_43", "V0_0_44", "V0_0_45"})
    void fromV42CancelReadsThePerJobStatus(ApiVersion v) {
        String f = v.pathSegment();
        try (SlurmClient client = client(v)) {
            server.enqueue(fixture(200, f, "cancel-ok"));
            assertThat(client.cancel(779)).isEqualTo(CancelOutcome.CANCELLED);
            server.enqueue(fixture(200, f, "cancel-unknown"));
            assertThat(client.cancel(779)).isEqualTo(CancelOutcome.NOT_FOUND);
            server.enqueue(fixture(200, f, "cancel-already-done"));
            assertThat(client.cancel(779)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
            server.enqueue(fixture(200, f, "cancel-refused"));
            assertThatThrownBy(() -> client.cancel(779)).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(SlurmException.Kind.REJECTED);
                assertThat(e.getMessage()).contains("2020");
            });
            assertThat(server.getRequestCount()).isEqualTo(4); // one DELETE each, no lookups
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_44", "V0_0_45"})
    void fieldsAndFlagsNewIn44And45AreIgnored(ApiVersion v) throws Exception {
        // Given: the fixtures carry what v0.0.44 (step_id object, submit_line, EXPEDITING) and v0.0.45
        // (container_type, memory_update_*) add
        String requeued = dev.hpcenv.slurm.testing.Fixtures.read(v.pathSegment(), "job-requeued");
        JsonNode record = new ObjectMapper().readTree(requeued).get("jobs").get(0);
        assertThat(record.get("step_id").isObject()).isTrue();
        assertThat(record.has("submit_line")).isTrue();
        assertThat(record.has("container_type")).isEqualTo(v == ApiVersion.V0_0_45);
        assertThat(record.has("memory_update_delay")).isEqualTo(v == ApiVersion.V0_0_45);
        server.enqueue(fixture(200, v.pathSegment(), "job-requeued"));
        // When
        try (SlurmClient client = client(v)) {
            JobInfo job = client.getJob(779).orElseThrow();
            // Then
            assertThat(job.state()).isEqualTo(JobState.REQUEUED);
            assertThat(job.rawState()).isEqualTo("PENDING,REQUEUED,EXPEDITING");
            assertThat(job.jobId()).isEqualTo(779L);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_45"})
    void v45PingsHaveNoPingedOrModeAndAreReadFromRespondingAndPrimary(ApiVersion v) throws Exception {
        JsonNode entry = new ObjectMapper()
                .readTree(dev.hpcenv.slurm.testing.Fixtures.read(v.pathSegment(), "ping"))
                .get("pings")
                .get(0);
        assertThat(entry.has("pinged")).isFalse();
        assertThat(entry.has("mode")).isFalse();
        server.enqueue(fixture(200, v.pathSegment(), "ping"));
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(204).build()); // 26.05's /readyz
        try (SlurmClient client = client(v)) {
            var controller = client.ping().controllers().get(0);
            assertThat(controller.responding()).isTrue();
            assertThat(controller.mode()).isEqualTo("primary");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_39"})
    void v39StringStatesAndWrappedRawExitCodes(ApiVersion v) {
        server.enqueue(fixture(200, "v0.0.39", "job-failed-exit-3"));
        server.enqueue(fixture(200, "v0.0.39", "job-completing"));
        try (SlurmClient client = client(v)) {
            JobInfo failed = client.getJob(4).orElseThrow();
            assertThat(failed.exit()).isEqualTo(ExitStatus.exited(3));
            assertThat(failed.timeLimitMinutes()).isEqualTo(5);
            JobInfo completing = client.getJob(5).orElseThrow();
            assertThat(completing.state()).isEqualTo(JobState.COMPLETING);
            assertThat(completing.timeLimitMinutes()).isNull();
        }
    }
}
