package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.status.DesiredCondition;
import dev.hpcenv.operator.sync.SyncState;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link HpcJobStatusFactory} as a table: an outcome of a reconcile (and the status before it) in, the
 * status out, as its phase, job facts and conditions ({@code Type=Status/Reason}).
 */
class HpcJobStatusFactoryTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Optional<SyncState.Failure> LISTED = Optional.empty();
    private static final Optional<SyncState.Failure> LISTING_FAILS =
            Optional.of(new SyncState.Failure("connection refused", "UNAVAILABLE", 1, NOW));

    static Stream<Arguments> table() {
        return Stream.of(
                row(
                        "a submit",
                        f -> f.submitted(null, 1L, 7, "sha256:1"),
                        "Submitted job=7 state=PENDING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=False/Pending"),
                row(
                        "a pending job",
                        f -> f.observed(submitted(), 1L, job(JobState.PENDING, null, "Priority"), false, null, LISTED),
                        "Submitted job=7 state=PENDING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=False/Pending"),
                row(
                        "a pending job that never starts",
                        f -> f.observed(
                                submitted(),
                                1L,
                                job(JobState.PENDING, null, "PartitionNodeLimit"),
                                false,
                                null,
                                LISTED),
                        "Submitted job=7 state=PENDING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=False/Pending Schedulable=False/PartitionNodeLimit"),
                row(
                        "a running job",
                        f -> f.observed(submitted(), 1L, job(JobState.RUNNING, null, "None"), false, null, LISTED),
                        "Running job=7 state=RUNNING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=True/Running"),
                row(
                        "a running job whose cluster cannot be listed",
                        f -> f.observed(
                                submitted(), 1L, job(JobState.RUNNING, null, "None"), false, null, LISTING_FAILS),
                        "Running job=7 state=RUNNING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=Unknown/ClusterUnreachable"),
                row(
                        "an adopted job",
                        f -> f.observed(null, 1L, job(JobState.RUNNING, null, "None"), true, "sha256:1", LISTED),
                        "Running job=7 state=RUNNING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Adopted Ready=True/Running"),
                row(
                        "a job that succeeded",
                        f -> f.observed(
                                submitted(),
                                1L,
                                job(JobState.COMPLETED, ExitStatus.exited(0), "None"),
                                false,
                                null,
                                LISTED),
                        "Succeeded job=7 state=COMPLETED exit=0 | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=True/Succeeded Complete=True/Succeeded"),
                row(
                        "a job that exited with 3",
                        f -> f.observed(
                                submitted(),
                                1L,
                                job(JobState.COMPLETED, ExitStatus.exited(3), "None"),
                                false,
                                null,
                                LISTED),
                        "Failed job=7 state=COMPLETED exit=3 | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=False/Failed Failed=True/Failed"),
                row(
                        "a job that Slurm could not launch: no exit code",
                        f -> f.observed(
                                submitted(),
                                1L,
                                job(JobState.FAILED, ExitStatus.exited(4021), "JobLaunchFailure"),
                                false,
                                null,
                                LISTED),
                        "Failed job=7 state=FAILED exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=False/LaunchFailed Failed=True/LaunchFailed"),
                row(
                        "a cancelled job",
                        f -> f.observed(submitted(), 1L, job(JobState.CANCELLED, null, "None"), false, null, LISTED),
                        "Cancelled job=7 state=CANCELLED exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=False/Cancelled Failed=True/Cancelled"),
                row(
                        "a state the operator does not know keeps the phase",
                        f -> f.observed(
                                submitted(),
                                1L,
                                JobRecord.job(7)
                                        .name("team-a.train")
                                        .state(JobState.UNKNOWN)
                                        .rawState("RESV_DEL_HOLD")
                                        .reason("None")
                                        .comment("hpcenv:i:uid-1")
                                        .submitted(NOW)
                                        .build(),
                                false,
                                null,
                                LISTED),
                        "Submitted job=7 state=RESV_DEL_HOLD exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=Unknown/Pending"),
                row(
                        "a job Slurm lost",
                        f -> f.lost(submitted(), 1L, 7),
                        "Failed job=7 state=PENDING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=False/Failed Failed=True/Failed"),
                row(
                        "a submission Slurm rejected",
                        f -> f.rejected(null, 1L, "Invalid partition name", "sha256:1"),
                        "Failed job=- state=- exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=False/SubmitFailed Ready=False/Failed Failed=True/SubmitFailed"),
                row(
                        "a suspended job",
                        f -> f.suspended(submitted(), 2L, new JobAction.Suspend(Set.of(7L), Set.of(7L))),
                        "Pending job=- state=- exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=False/Suspended Ready=False/Pending"),
                row(
                        "a failure before the submit",
                        f -> f.transientFailure(null, 1L, "ClusterUnreachable", "timeout"),
                        "Pending job=- state=- exit=- | Submitted=Unknown/ClusterUnreachable"),
                row(
                        "a failure after the submit",
                        f -> f.transientFailure(submitted(), 1L, "ApiError", "HTTP 500"),
                        "Submitted job=7 state=PENDING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=Unknown/ApiError"),
                row(
                        "waiting for a listing while it fails",
                        f -> f.awaiting(submitted(), 1L, LISTING_FAILS),
                        "Submitted job=7 state=PENDING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=Unknown/ClusterUnreachable"),
                row(
                        "a dependency that failed while the job waited for it, before any submit",
                        f -> f.dependencyFailed(waitingForDependency(), 1L, "dependency prep failed"),
                        "Failed job=- state=- exit=- | Accepted=True/Valid Submitted=False/DependencyFailed "
                                + "Ready=False/DependencyFailed Failed=True/DependencyFailed"),
                row(
                        "a dependency that failed after the submit (Slurm keeps the job pending)",
                        f -> f.dependencyFailed(submitted(), 1L, "dependency prep failed"),
                        "Failed job=7 state=PENDING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=False/DependencyFailed Failed=True/DependencyFailed"),
                row(
                        "waiting for a listing keeps the status",
                        f -> f.awaiting(submitted(), 1L, LISTED),
                        "Submitted job=7 state=PENDING exit=- | Accepted=True/Valid EnvironmentReady=True/Resolved "
                                + "Submitted=True/Submitted Ready=False/Pending"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void buildsTheStatusOfEachOutcome(
            String row, Function<HpcJobStatusFactory, HpcJobStatus> outcome, String expected) {
        // Given
        HpcJobStatusFactory factory = new HpcJobStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC));
        // When
        HpcJobStatus status = outcome.apply(factory);
        // Then
        assertThat(describe(status)).isEqualTo(expected);
    }

    private static Arguments row(String name, Function<HpcJobStatusFactory, HpcJobStatus> outcome, String expected) {
        return Arguments.of(name, outcome, expected);
    }

    /** The status after a submit of job 7, as the factory wrote it. */
    private static HpcJobStatus submitted() {
        return new HpcJobStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC)).submitted(null, 1L, 7, "sha256:1");
    }

    /** The status of a job held back until its dependency is submitted. */
    private static HpcJobStatus waitingForDependency() {
        return new HpcJobStatusFactory(Clock.fixed(NOW, ZoneOffset.UTC))
                .hold(
                        null,
                        1L,
                        new JobAction.Hold(
                                List.of(DesiredCondition.isFalse(
                                        ConditionType.SUBMITTED,
                                        ConditionReasons.Job.WAITING_FOR_DEPENDENCY,
                                        "waiting for HpcJob prep to be submitted")),
                                "waiting for HpcJob prep to be submitted"));
    }

    private static JobInfo job(JobState state, ExitStatus exit, String reason) {
        return JobRecord.job(7)
                .name("team-a.train")
                .state(state)
                .reason(reason)
                .exit(exit)
                .nodes(state == JobState.PENDING ? List.of() : List.of("nid001"))
                .comment("hpcenv:i:uid-1")
                .submitted(NOW)
                .build();
    }

    private static String describe(HpcJobStatus s) {
        List<String> conditions = new ArrayList<>();
        for (Condition c : s.getConditions()) {
            conditions.add(c.getType() + "=" + c.getStatus() + "/" + c.getReason());
        }
        return phase(s.getPhase()) + " job=" + dash(s.getSlurmJobId()) + " state=" + dash(s.getSlurmState()) + " exit="
                + dash(s.getExitCode()) + " | " + conditions.stream().collect(Collectors.joining(" "));
    }

    private static String phase(HpcJobPhase phase) {
        return phase == null ? "-" : phase.wire();
    }

    private static String dash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
