package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which HpcJobs a listing wakes: only those whose status no longer matches Slurm. */
class HpcJobListingEventSourceTest {

    @Test
    void aJobWhoseStateIsUnchangedIsNotWoken() {
        HpcJob job = submitted(42, "RUNNING", List.of("n1"));
        assertThat(HpcJobListingEventSource.stale(job, listing(info(42, job, JobState.RUNNING))))
                .isFalse();
    }

    @Test
    void aChangedStateWakesTheJob() {
        HpcJob job = submitted(42, "PENDING", List.of());
        assertThat(HpcJobListingEventSource.stale(job, listing(info(42, job, JobState.RUNNING))))
                .isTrue();
    }

    @Test
    void aJobMissingFromTheListingWakesIt() {
        HpcJob job = submitted(42, "RUNNING", List.of("n1"));
        assertThat(HpcJobListingEventSource.stale(job, listing())).isTrue();
    }

    @Test
    void anUnsubmittedJobWithAListedCommentWakesForAdoption() {
        HpcJob job = Resources.job("lost-status");
        assertThat(HpcJobListingEventSource.stale(job, listing(info(42, job, JobState.PENDING))))
                .isTrue();
    }

    @Test
    void aNewReasonOfSlurmsWakesTheJobAnUnchangedOneDoesNot() {
        // Given: pending, as the submit left it (no reason yet)
        HpcJob job = submitted(42, "PENDING", List.of());
        JobInfo stuck = JobRecord.job(42)
                .reason("PartitionNodeLimit")
                .comment(job.getMetadata().getUid())
                .build();
        // Then
        assertThat(HpcJobListingEventSource.stale(job, listing(stuck))).isTrue();
        assertThat(HpcJobListingEventSource.stale(job, listing(info(42, job, JobState.PENDING))))
                .as("None is no reason")
                .isFalse();
        job.getStatus().setSlurmReason("PartitionNodeLimit");
        assertThat(HpcJobListingEventSource.stale(job, listing(stuck))).isFalse();
    }

    @Test
    void aRequeueTheStatusHasNotCountedWakesTheJobEvenWithTheSameStateAndNodes() {
        // Given: running on n1 at attempt 1; requeued and running on n1 again before the next listing
        HpcJob job = submitted(42, "RUNNING", List.of("n1"));
        job.getStatus().setAttempts(1);
        JobInfo same = info(42, job, JobState.RUNNING);
        JobInfo again = JobRecord.from(same).restarts(1).build();
        // Then
        assertThat(HpcJobListingEventSource.stale(job, listing(same)))
                .as("no restart count")
                .isFalse();
        assertThat(HpcJobListingEventSource.stale(job, listing(again))).isTrue();
        job.getStatus().setAttempts(2);
        assertThat(HpcJobListingEventSource.stale(job, listing(again))).isFalse();
    }

    private static HpcJob submitted(long id, String state, List<String> nodes) {
        HpcJob job = Resources.job("j");
        HpcJobStatus status = new HpcJobStatus();
        status.setPhase(HpcJobPhase.RUNNING);
        status.setSlurmJobId(id);
        status.setSlurmState(state);
        status.setNodes(new ArrayList<>(nodes));
        Condition submitted = new Condition("Submitted", Condition.TRUE, "Submitted", "Slurm job " + id);
        status.setConditions(new ArrayList<>(List.of(submitted)));
        job.setStatus(status);
        return job;
    }

    private static JobInfo info(long id, HpcJob job, JobState state) {
        return JobRecord.job(id)
                .state(state)
                .reason("None")
                .nodes(state == JobState.RUNNING ? List.of("n1") : List.of())
                .comment(job.getMetadata().getUid())
                .build();
    }

    private static JobListing listing(JobInfo... jobs) {
        return JobListing.of(Instant.parse("2026-01-01T00:00:00Z"), List.of(jobs));
    }
}
