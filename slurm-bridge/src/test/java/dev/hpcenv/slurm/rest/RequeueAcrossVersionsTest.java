package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.testing.StartedServer;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node failure and requeue on every API version: how the requeue flag is sent (22.05 reads
 * {@code "requeue"} as sbatch's flag, so any value turns it on and only {@code no_requeue} clears it;
 * the data_parser versions read a boolean) and how a NODE_FAIL or requeued job record is read.
 */
class RequeueAcrossVersionsTest {

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();

    static Stream<Arguments> requeueFields() {
        return Stream.of(
                Arguments.of(ApiVersion.V0_0_38, true, "requeue", true),
                Arguments.of(ApiVersion.V0_0_38, false, "no_requeue", true),
                Arguments.of(ApiVersion.V0_0_39, true, "requeue", true),
                Arguments.of(ApiVersion.V0_0_39, false, "requeue", false),
                Arguments.of(ApiVersion.V0_0_40, false, "requeue", false),
                Arguments.of(ApiVersion.V0_0_41, false, "requeue", false),
                Arguments.of(ApiVersion.V0_0_42, true, "requeue", true),
                Arguments.of(ApiVersion.V0_0_43, false, "requeue", false),
                Arguments.of(ApiVersion.V0_0_44, true, "requeue", true),
                Arguments.of(ApiVersion.V0_0_45, false, "requeue", false));
    }

    @ParameterizedTest(name = "{0}: requeue {1} is sent as \"{2}\": {3}")
    @MethodSource("requeueFields")
    void theRequeueFlagIsSentInTheVersionsOwnForm(ApiVersion v, boolean requeue, String field, boolean value)
            throws Exception {
        // Given
        server.enqueue(fixture(200, v == ApiVersion.V0_0_39 ? "v0.0.40" : v.pathSegment(), "submit"));
        // When
        JsonNode job = submitted(v, requeue);
        // Then
        assertThat(job.get(field).isBoolean()).isTrue();
        assertThat(job.get(field).asBoolean()).isEqualTo(value);
        String other = field.equals("requeue") ? "no_requeue" : "requeue";
        assertThat(job.has(other)).as("only one of requeue/no_requeue").isFalse();
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void noRequeueChoiceSendsNeitherField(ApiVersion v) throws Exception {
        server.enqueue(fixture(200, v == ApiVersion.V0_0_39 ? "v0.0.40" : v.pathSegment(), "submit"));
        JsonNode job = submitted(v, null);
        assertThat(job.has("requeue")).isFalse();
        assertThat(job.has("no_requeue")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aNodeFailedJobEndsNodeFailWithItsNodesAndNoRestart(ApiVersion v) {
        server.enqueue(fixture(200, v.pathSegment(), "job-node-fail"));
        try (SlurmClient client = MockRestd.client(server, v)) {
            JobInfo job = client.listJobs(java.util.Optional.empty()).get(0);
            assertThat(job.state()).isEqualTo(JobState.NODE_FAIL);
            assertThat(job.state().isTerminal()).isTrue();
            assertThat(job.stateReason()).isEqualTo("NodeDown");
            assertThat(job.nodes()).containsExactly("node1", "node2", "node3");
            assertThat(job.restartCount()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aRequeuedJobIsLiveWithoutNodesAndCountsItsRestarts(ApiVersion v) {
        server.enqueue(fixture(200, v.pathSegment(), "job-requeued"));
        try (SlurmClient client = MockRestd.client(server, v)) {
            JobInfo job = client.listJobs(java.util.Optional.empty()).get(0);
            assertThat(job.state().isTerminal()).isFalse();
            assertThat(job.state()).isIn(JobState.PENDING, JobState.REQUEUED);
            assertThat(job.stateReason()).isEqualTo("BeginTime");
            assertThat(job.nodes()).isEmpty();
            assertThat(job.startTime()).isNull();
            assertThat(job.restartCount()).isEqualTo(v.ordinal() < ApiVersion.V0_0_40.ordinal() ? 1 : 2);
        }
    }

    @Test
    void aRecordWithoutRestartCountHasNone() {
        server.enqueue(fixture(200, "v0.0.40", "job-running"));
        try (SlurmClient client = MockRestd.client(server, ApiVersion.V0_0_40)) {
            assertThat(client.getJob(779).orElseThrow().restartCount()).isNull();
        }
    }

    private JsonNode submitted(ApiVersion v, Boolean requeue) throws Exception {
        try (SlurmClient client = MockRestd.client(server, v)) {
            client.submit(JobSubmission.builder("#!/bin/sh\ntrue\n")
                    .env("PATH", "/bin")
                    .workdir("/tmp")
                    .requeue(requeue)
                    .build());
        }
        JsonNode body =
                new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
        return body.get("job");
    }
}
