package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Slurm's reasons in the HpcJob's status: pending reasons that never resolve, and launch failures. */
class SlurmReasonsStatusTest {

    private final HpcJobStatusFactory statuses = new HpcJobStatusFactory(new MutableClock(Instant.EPOCH));

    private static JobInfo job(JobState state, String reason, ExitStatus exit, String output) {
        return JobRecord.job(7)
                .state(state)
                .reason(reason)
                .exit(exit)
                .nodes(state == JobState.PENDING ? List.of() : List.of("n1"))
                .comment("uid")
                .output(output)
                .build();
    }

    private HpcJobStatus observe(JobInfo job) {
        return statuses.observed(null, 1L, job, false, "sha256:d", Optional.empty());
    }

    @ParameterizedTest(name = "{0} -> Schedulable=False naming {1}")
    @CsvSource({
        "PartitionNodeLimit, spec.resources.nodes",
        "PartitionTimeLimit, spec.resources.timeLimit",
        "PartitionConfig, spec.resources",
        "QOSMaxNodePerJobLimit, spec.resources",
        "AssocMaxWallDurationPerJobLimit, spec.resources",
        "InvalidQOS, spec.resources.qos"
    })
    void aPendingReasonThatNeverResolvesIsACondition(String reason, String field) {
        // When
        HpcJobStatus s = observe(job(JobState.PENDING, reason, null, null));
        // Then
        assertThat(s.getPhase()).isEqualTo(HpcJobPhase.SUBMITTED);
        assertThat(s.getSlurmReason()).isEqualTo(reason);
        Condition schedulable = ConditionsView.find(s.getConditions(), ConditionType.SCHEDULABLE)
                .orElseThrow();
        assertThat(schedulable.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(schedulable.getReason()).isEqualTo(reason);
        assertThat(schedulable.getMessage()).contains(field).contains("hint");
        assertThat(s.getMessage()).contains(reason);
    }

    @ParameterizedTest
    @CsvSource({
        "Priority",
        "Resources",
        "Dependency",
        "AssocGrpCpuLimit",
        "QOSGrpNodeLimit",
        "ReqNodeNotAvail",
        "BeginTime"
    })
    void aPendingReasonThatWaitingResolvesIsShownButNoCondition(String reason) {
        // When
        HpcJobStatus s = observe(job(JobState.PENDING, reason, null, null));
        // Then
        assertThat(s.getSlurmReason()).isEqualTo(reason);
        assertThat(ConditionsView.find(s.getConditions(), ConditionType.SCHEDULABLE))
                .isEmpty();
    }

    @Test
    void theConditionGoesOnceTheReasonChanges() {
        // Given
        HpcJobStatus stuck = observe(job(JobState.PENDING, "PartitionNodeLimit", null, null));
        // When: an admin raised the partition's limit
        HpcJobStatus after = statuses.observed(
                stuck, 1L, job(JobState.PENDING, "Priority", null, null), false, "sha256:d", Optional.empty());
        // Then
        assertThat(ConditionsView.find(after.getConditions(), ConditionType.SCHEDULABLE))
                .isEmpty();
        assertThat(after.getSlurmReason()).isEqualTo("Priority");
    }

    @Test
    void aLaunchFailureIsNamedWithTheOutputPathNotAsSignal53() {
        // Given: what Slurm 22.05 reports for an output file that cannot be created (exit_code 4021)
        JobInfo failed = job(JobState.FAILED, "JobLaunchFailure", ExitStatus.fromWaitStatus(4021), "/proc/nope/x.out");
        // When
        HpcJobStatus s = observe(failed);
        // Then
        assertThat(s.getPhase()).isEqualTo(HpcJobPhase.FAILED);
        assertThat(s.getSignal()).isNull();
        assertThat(s.getExitCode()).isNull();
        assertThat(s.getSlurmReason()).isEqualTo("JobLaunchFailure");
        Condition failedCondition =
                ConditionsView.find(s.getConditions(), ConditionType.FAILED).orElseThrow();
        assertThat(failedCondition.getReason()).isEqualTo("LaunchFailed");
        assertThat(failedCondition.getMessage())
                .contains("could not be launched")
                .contains("/proc/nope/x.out")
                .contains("spec.output")
                .doesNotContain("signal 53");
    }

    @Test
    void noneIsNoReason() {
        assertThat(observe(job(JobState.RUNNING, "None", null, null)).getSlurmReason())
                .isNull();
    }
}
