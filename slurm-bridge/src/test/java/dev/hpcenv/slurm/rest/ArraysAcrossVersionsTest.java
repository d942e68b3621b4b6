package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.testing.Fixtures;
import dev.hpcenv.slurm.testing.StartedServer;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Job arrays and dependencies on every API version: {@code array} and {@code dependency} are strings in
 * sbatch's syntax in v0.0.38's option table and in every data_parser job_desc_msg; the array fields of a
 * job record are plain integers (null for NO_VAL) up to v0.0.39 and {@code {set, infinite, number}}
 * structs from v0.0.40 on (RealSlurmIT's sibling ArraysAndDependenciesIT covers 22.05 live).
 */
class ArraysAcrossVersionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void anArrayAndADependencyAreSentAsSlurmsStrings(ApiVersion v) throws Exception {
        server.enqueue(fixture(200, v == ApiVersion.V0_0_39 ? "v0.0.40" : v.pathSegment(), "submit"));
        try (SlurmClient client = MockRestd.client(server, v)) {
            client.submit(JobSubmission.builder("#!/bin/sh\ntrue\n")
                    .env("PATH", "/bin")
                    .workdir("/tmp")
                    .array("0-49%5")
                    .dependency("afterok:12:13,afterany:14")
                    .build());
        }
        JsonNode job = JSON.readTree(server.takeRequest().getBody().utf8()).get("job");
        assertThat(job.get("array").asText()).isEqualTo("0-49%5");
        assertThat(job.get("dependency").asText()).isEqualTo("afterok:12:13,afterany:14");
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aSingleJobSendsNeither(ApiVersion v) throws Exception {
        server.enqueue(fixture(200, v == ApiVersion.V0_0_39 ? "v0.0.40" : v.pathSegment(), "submit"));
        try (SlurmClient client = MockRestd.client(server, v)) {
            client.submit(JobSubmission.builder("#!/bin/sh\ntrue\n")
                    .env("PATH", "/bin")
                    .workdir("/tmp")
                    .build());
        }
        JsonNode job = JSON.readTree(server.takeRequest().getBody().utf8()).get("job");
        assertThat(job.has("array")).isFalse();
        assertThat(job.has("dependency")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void theListingReadsAnElementTheRecordOfThoseNotStartedAndAJobThatIsNoArrays(ApiVersion v) throws Exception {
        // Given: the version's record of a pending (requeued) job three times: element 3 of array 40, the array's
        // record of
        // indexes 4-9 not started yet, and a job that is no array's (array_job_id 0)
        JsonNode answer = JSON.readTree(Fixtures.read(v.pathSegment(), "job-requeued"));
        ObjectNode template = (ObjectNode) answer.get("jobs").get(0);
        ObjectNode element = arrayRecord(v, template, 43, 40, 3L, "");
        ObjectNode rest = arrayRecord(v, template, 40, 40, null, "4-9%2");
        ObjectNode single = arrayRecord(v, template, 50, 0, null, "");
        ((ObjectNode) answer).putArray("jobs").add(element).add(rest).add(single);
        server.enqueue(Fixtures.json(200, answer.toString()));
        // When
        List<JobInfo> jobs;
        try (SlurmClient client = MockRestd.client(server, v)) {
            jobs = client.listJobs(Optional.empty());
        }
        // Then
        assertThat(jobs).hasSize(3);
        JobInfo el = jobs.get(0);
        assertThat(el.arrayJobId()).isEqualTo(40L);
        assertThat(el.arrayTaskId()).isEqualTo(3L);
        assertThat(el.submittedId()).isEqualTo(40L);
        assertThat(el.isPendingArrayRecord()).isFalse();
        JobInfo pending = jobs.get(1);
        assertThat(pending.isPendingArrayRecord()).isTrue();
        assertThat(pending.arrayTaskString()).isEqualTo("4-9%2");
        JobInfo plain = jobs.get(2);
        assertThat(plain.arrayJobId()).isNull();
        assertThat(plain.arrayTaskId()).isNull();
        assertThat(plain.submittedId()).isEqualTo(50L);
    }

    /** The template with the job and array fields in the shapes of version {@code v}. */
    private static ObjectNode arrayRecord(
            ApiVersion v, ObjectNode template, long jobId, long arrayJobId, Long taskId, String taskString) {
        ObjectNode job = template.deepCopy();
        boolean structs = v.ordinal() >= ApiVersion.V0_0_40.ordinal();
        job.put("job_id", jobId);
        if (structs) {
            job.putObject("array_job_id")
                    .put("set", true)
                    .put("infinite", false)
                    .put("number", arrayJobId);
            ObjectNode task = job.putObject("array_task_id");
            task.put("set", taskId != null).put("infinite", false).put("number", taskId == null ? 0 : taskId);
        } else {
            job.put("array_job_id", arrayJobId);
            if (taskId == null) {
                job.putNull("array_task_id");
            } else {
                job.put("array_task_id", taskId);
            }
        }
        job.put("array_task_string", taskString);
        return job;
    }
}
