package dev.hpcenv.slurm.real;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Job arrays and dependencies against the real slurmrestd of dev/slurm-local.sh: one submission makes
 * one array whose elements the listing reports with their indexes, an array's id cancels all of it,
 * and afterok holds a job until its dependency succeeded.
 */
@ExtendWith(LocalSlurmExtension.class)
class ArraysAndDependenciesIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private final LocalSlurm slurm;
    private final String run = "hpcenv-test-" + UUID.randomUUID();
    private final List<Long> submitted = new ArrayList<>();
    private SlurmClient client;

    ArraysAndDependenciesIT(LocalSlurm slurm) {
        this.slurm = slurm;
    }

    @BeforeEach
    void connect() {
        client = slurm.client();
    }

    @AfterEach
    void cleanUp() {
        for (long id : submitted) {
            client.cancel(id);
        }
        client.close();
    }

    private JobSubmission.Builder job(String body, String suffix) {
        return JobSubmission.builder("#!/bin/sh\n" + body + "\n")
                .name("hpcenv-test")
                .comment(run + "-" + suffix)
                .env("PATH", "/usr/bin:/bin")
                .workdir("/tmp")
                .standardOutput("/dev/null")
                .standardError("/dev/null")
                .timeLimit(Duration.ofMinutes(5));
    }

    private long submit(JobSubmission submission) {
        long id = client.submit(submission);
        submitted.add(id);
        return id;
    }

    private List<JobInfo> arrayRecords(long arrayId) {
        return client.listJobs(Optional.empty()).stream()
                .filter(j -> j.arrayJobId() != null && j.arrayJobId() == arrayId)
                .toList();
    }

    @Test
    void anArrayIsOneSubmissionWhoseElementsAreListedWithTheirIndexes() {
        // Element 3 fails; each element exits with its own index otherwise 0.
        long id = submit(job("[ \"$SLURM_ARRAY_TASK_ID\" = 3 ] && exit 7; exit 0", "array")
                .array("0-5%2")
                .build());

        List<JobInfo> done = Await.until("the 6 elements of array " + id + " to end", DEADLINE, () -> {
            List<JobInfo> records = arrayRecords(id);
            boolean allEnded = records.size() == 6
                    && records.stream().allMatch(j -> j.state().isTerminal() && j.arrayTaskId() != null);
            return allEnded ? Optional.of(records) : Optional.empty();
        });

        assertThat(done).extracting(JobInfo::arrayTaskId).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(done).allSatisfy(j -> {
            assertThat(j.submittedId()).isEqualTo(id);
            assertThat(j.comment()).isEqualTo(run + "-array");
        });
        JobInfo failed =
                done.stream().filter(j -> j.arrayTaskId() == 3L).findFirst().orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.exit().exitCode()).isEqualTo(7);
        assertThat(done.stream().filter(j -> j.arrayTaskId() != 3L))
                .allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.COMPLETED));
        // One submission: every record found by the comment names the same array.
        assertThat(client.findByComment(run + "-array"))
                .extracting(JobInfo::submittedId)
                .containsOnly(id);
    }

    @Test
    void theElementsNotStartedYetAreOneRecordWithTheirIndexesAndTheArraysIdCancelsThemAll() {
        long id = submit(job("sleep 300", "pending").array("0-9%1").hold(true).build());

        JobInfo pending = Await.until(
                "array " + id + " to be listed",
                DEADLINE,
                () -> arrayRecords(id).stream()
                        .filter(JobInfo::isPendingArrayRecord)
                        .findFirst());
        assertThat(pending.jobId()).isEqualTo(id);
        assertThat(pending.arrayTaskString()).startsWith("0-9");

        assertThat(client.cancel(id)).isEqualTo(CancelOutcome.CANCELLED);
        Await.until(
                "every element of array " + id + " to be cancelled",
                DEADLINE,
                () -> arrayRecords(id).stream().allMatch(j -> j.state().isTerminal())
                        ? Optional.of(true)
                        : Optional.empty());
        assertThat(client.cancel(id)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
    }

    @Test
    void afterokStartsTheDependentOnlyOnceItsDependencySucceededAndNeverAfterAFailure() {
        long first = submit(job("sleep 2; exit 0", "first").build());
        long second =
                submit(job("exit 0", "second").dependency("afterok:" + first).build());
        long failing = submit(job("exit 1", "failing").build());
        long never =
                submit(job("exit 0", "never").dependency("afterok:" + failing).build());

        JobInfo waiting = client.getJob(second).orElseThrow();
        if (!waiting.state().isTerminal()) {
            assertThat(waiting.stateReason()).isIn("Dependency", "None", null);
        }
        JobInfo secondDone = Await.until(
                "job " + second + " to end",
                DEADLINE,
                () -> client.getJob(second).filter(j -> j.state().isTerminal()));
        JobInfo firstDone = client.getJob(first).orElseThrow();
        assertThat(secondDone.state()).isEqualTo(JobState.COMPLETED);
        assertThat(secondDone.startTime()).isAfterOrEqualTo(firstDone.endTime());

        // Slurm keeps such a job pending for ever unless the site set kill_invalid_depend: either way it never runs.
        JobInfo stuck = Await.until(
                "job " + never + " to be refused its dependency",
                DEADLINE,
                () -> client.getJob(never)
                        .filter(j -> "DependencyNeverSatisfied".equals(j.stateReason())
                                || j.state().isTerminal()));
        assertThat(stuck.startTime() == null || stuck.state() == JobState.CANCELLED)
                .isTrue();
    }

    @Test
    void anArrayBeyondMaxArraySizeIsRefused() {
        try {
            long id = submit(job("exit 0", "huge").array("0-9999999").build());
            throw new AssertionError("Slurm took a 10^7-element array as job " + id);
        } catch (SlurmException e) {
            assertThat(e.kind()).isEqualTo(SlurmException.Kind.REJECTED);
            assertThat(e.getMessage()).containsIgnoringCase("array");
        }
    }
}
