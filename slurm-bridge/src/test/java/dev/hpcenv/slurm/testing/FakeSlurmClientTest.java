package dev.hpcenv.slurm.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FakeSlurmClientTest {

    private final FakeSlurmClient slurm = new FakeSlurmClient();
    private final JobSubmission job = JobSubmission.builder("#!/bin/sh\n")
            .env("PATH", "/bin")
            .workdir("/tmp")
            .comment("uid-1")
            .build();

    @Test
    void jobsMoveThroughTheStatesTheTestSets() {
        long id = slurm.submit(job);
        assertThat(slurm.getJob(id)).map(JobInfo::state).contains(JobState.PENDING);
        slurm.setState(id, JobState.RUNNING);
        slurm.setState(id, JobState.FAILED, ExitStatus.exited(3));
        JobInfo info = slurm.getJob(id).orElseThrow();
        assertThat(info.exit()).isEqualTo(ExitStatus.exited(3));
        assertThat(info.startTime()).isNotNull();
        assertThat(info.endTime()).isNotNull();
        assertThat(slurm.cancel(id)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
    }

    @Test
    void anAmbiguousSubmitStillCreatesTheJobSoFindByCommentSeesIt() {
        slurm.failNextSubmitAfterCreating();
        assertThatThrownBy(() -> slurm.submit(job))
                .isInstanceOfSatisfying(
                        SlurmException.class,
                        e -> assertThat(e.outcomeUnknown()).isTrue());
        assertThat(slurm.findByComment("uid-1")).hasSize(1);
        assertThat(slurm.submitCalls.get()).isEqualTo(1);
    }

    @Test
    void failNextSubmitWithCreatesNothingAndAppliesOnce() {
        slurm.failNextSubmitWith(new SlurmException(SlurmException.Kind.REJECTED, "bad partition"));
        assertThatThrownBy(() -> slurm.submit(job)).hasMessage("bad partition");
        assertThat(slurm.listJobs(Optional.empty())).isEmpty();
        assertThat(slurm.submit(job)).isPositive();
    }

    @Test
    void unavailableFailsEveryCallAndPurgeForgetsJobs() {
        long id = slurm.submit(job);
        slurm.unavailable(true);
        assertThatThrownBy(slurm::ping)
                .isInstanceOfSatisfying(
                        SlurmException.class, e -> assertThat(e.kind()).isEqualTo(SlurmException.Kind.UNREACHABLE));
        slurm.unavailable(false);
        slurm.purge(id);
        assertThat(slurm.getJob(id)).isEmpty();
        assertThat(slurm.cancel(id)).isEqualTo(CancelOutcome.NOT_FOUND);
    }

    @org.junit.jupiter.api.Test
    void reportsTheConfiguredReleaseOfferedVersionsAndDeprecation() {
        FakeSlurmClient slurm = new FakeSlurmClient(java.time.Clock.systemUTC(), dev.hpcenv.slurm.ApiVersion.V0_0_42)
                .server("26.05.0", List.of("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"));
        var ping = slurm.ping();
        assertThat(ping.slurmRelease()).isEqualTo("26.05.0");
        assertThat(ping.offeredVersions()).containsExactly("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45");
        assertThat(ping.deprecation()).hasValueSatisfying(d -> assertThat(d).contains("removed in 26.11"));
        assertThat(slurm.version().deprecation()).isEqualTo(ping.deprecation());
        assertThat(new FakeSlurmClient().ping().deprecation()).isEmpty();
    }
}
