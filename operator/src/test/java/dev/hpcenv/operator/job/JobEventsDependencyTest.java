package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.events.EventRecorder.Type;
import dev.hpcenv.operator.status.DesiredCondition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job its dependency failed is told apart from one that ran and failed, once per transition. */
class JobEventsDependencyTest {

    private static final String WHY = "dependency prep ended Failed, which afterok can never satisfy";
    private final HpcJobStatusFactory statuses =
            new HpcJobStatusFactory(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void aJobFailedBeforeItsSubmitIsOneDependencyFailedWarning() {
        // Given: held back until its dependency is submitted
        HpcJobStatus waiting = statuses.hold(
                null,
                1L,
                new JobAction.Hold(
                        List.of(DesiredCondition.isFalse(
                                ConditionType.SUBMITTED, ConditionReasons.Job.WAITING_FOR_DEPENDENCY, "waiting")),
                        "waiting"));
        // When
        List<JobEvents.JobEvent> events = JobEvents.between(waiting, statuses.dependencyFailed(waiting, 1L, WHY));
        // Then
        assertThat(events).containsExactly(new JobEvents.JobEvent(Type.Warning, "DependencyFailed", WHY));
    }

    @Test
    void aJobFailedAfterItsSubmitIsADependencyFailedWarningNotAPlainFailed() {
        // Given: submitted, Slurm keeps it pending on a dependency that can no longer be satisfied
        HpcJobStatus submitted = statuses.submitted(null, 1L, 7, "sha256:1");
        // When
        List<JobEvents.JobEvent> events = JobEvents.between(submitted, statuses.dependencyFailed(submitted, 1L, WHY));
        // Then
        assertThat(events).containsExactly(new JobEvents.JobEvent(Type.Warning, "DependencyFailed", WHY));
    }
}
