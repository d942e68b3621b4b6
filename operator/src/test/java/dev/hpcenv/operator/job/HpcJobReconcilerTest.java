package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterCredentials;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.ReadyEnvironments;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The HpcJob reconcile steps against a fake Slurm with a clock that moves only when told. */
class HpcJobReconcilerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeSlurmClient slurm = new FakeSlurmClient(clock, ApiVersion.V0_0_38);
    private final SlurmCluster cluster = Resources.cluster(s -> {});
    private final MapLookups lookups = new MapLookups().add(cluster).add(ReadyEnvironments.pytorch());
    private final RecordingEvents events = new RecordingEvents();
    /** What the nodes reported of the jobs' services, as the progress board would put it into a status. */
    private final List<dev.hpcenv.crd.v1alpha1.ServiceState> reportedServices = new ArrayList<>();

    private final NodeProgress progress = (uid, status) -> {
        if (!reportedServices.isEmpty()) {
            status.setServices(new ArrayList<>(reportedServices));
        }
    };
    private Operator op = new Operator();

    /** One operator process: its registry, sync and ledger. A new one is a restart. */
    private final class Operator {
        final ClusterJobSync sync = ClusterJobSync.manual(clock);
        final ClusterRegistry registry = new ClusterRegistry(sync);
        final ClusterConnection connection = new ClusterConnection(
                Resources.CLUSTER,
                cluster.getSpec(),
                ClusterCredentials.from(
                        cluster.getSpec().getAuth(), "k".repeat(32).getBytes(StandardCharsets.UTF_8)),
                "1/test",
                config -> slurm.asUser(config.user()),
                new OperatorMetrics());
        final HpcJobReconciler reconciler = new HpcJobReconciler(
                new HpcJobEventSources(sync),
                lookups,
                new FakeHpcJobWrites(),
                registry,
                new JobSubmissionBuilder("/tmp"),
                events,
                new OperatorMetrics(),
                clock,
                DeniedUsers.DEFAULT,
                new dev.hpcenv.operator.reading.UnreadableResources(),
                progress);

        Operator() {
            registry.put(connection);
        }

        void list() {
            clock.advance(Duration.ofSeconds(10));
            sync.listOnce(connection);
        }

        void reconcile(HpcJob job) {
            reconciler.decideAndAct(job);
        }
    }

    @Test
    void submitsOnlyAfterTheFirstListingAndOnlyOnce() {
        // Given
        HpcJob job = Resources.job("train");
        op.reconcile(job);
        int submitsBeforeListing = slurm.submitCalls.get();
        String submittedBeforeListing = condition(job, ConditionType.SUBMITTED).getReason();
        op.list();
        // When
        op.reconcile(job);
        op.reconcile(job);
        // Then
        assertThat(submitsBeforeListing).isZero();
        assertThat(submittedBeforeListing).isEqualTo("Waiting");
        assertThat(slurm.submitCalls).hasValue(1);
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.SUBMITTED);
        assertThat(job.getStatus().getSlurmJobId()).isEqualTo(1000L);
        assertThat(slurm.submissions().get(0).comment())
                .isEqualTo(job.getMetadata().getUid());
        assertThat(events.reasons()).contains("Submitted");
    }

    @Test
    void adoptsTheJobAfterARestartInsteadOfSubmittingAgain() {
        // Given: submitted, then the status write was lost and the operator restarted
        HpcJob job = Resources.job("train");
        op.list();
        op.reconcile(job);
        job.setStatus(null);
        op = new Operator();
        op.reconcile(job);
        op.list();
        // When
        op.reconcile(job);
        // Then
        assertThat(slurm.submitCalls).hasValue(1);
        assertThat(job.getStatus().getSlurmJobId()).isEqualTo(1000L);
        assertThat(condition(job, ConditionType.SUBMITTED).getReason()).isEqualTo("Adopted");
    }

    @Test
    void followsTheListingToRunningAndSucceeded() {
        // Given
        HpcJob job = Resources.job("train");
        op.list();
        op.reconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        op.list();
        op.reconcile(job);
        HpcJobPhase phaseWhileRunning = job.getStatus().getPhase();
        List<String> nodesWhileRunning = job.getStatus().getNodes();
        String readySince = condition(job, ConditionType.READY).getLastTransitionTime();
        // When
        slurm.setState(1000, JobState.COMPLETED, ExitStatus.exited(0));
        op.list();
        op.reconcile(job);
        // Then
        assertThat(phaseWhileRunning).isEqualTo(HpcJobPhase.RUNNING);
        assertThat(nodesWhileRunning).containsExactly("node1");
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.SUCCEEDED);
        assertThat(job.getStatus().getExitCode()).isZero();
        assertThat(condition(job, ConditionType.COMPLETE).getStatus()).isEqualTo(Condition.TRUE);
        assertThat(condition(job, ConditionType.READY).getLastTransitionTime()).isEqualTo(readySince);
        assertThat(events.reasons()).containsSubsequence("Submitted", "Running", "Succeeded");
    }

    @Test
    void recordsExitCodeOfAFailedJob() {
        // Given
        HpcJob job = Resources.job("fails");
        op.list();
        op.reconcile(job);
        slurm.setState(1000, JobState.FAILED, ExitStatus.exited(3));
        op.list();
        // When
        op.reconcile(job);
        // Then
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        assertThat(job.getStatus().getExitCode()).isEqualTo(3);
        assertThat(condition(job, ConditionType.FAILED).getMessage()).contains("exit code 3");
    }

    @Test
    void aRequiredServiceThatEndedEarlyGivesTheFailedJobItsReason() {
        // Given
        dev.hpcenv.crd.v1alpha1.JobService agg = new dev.hpcenv.crd.v1alpha1.JobService();
        agg.setName("agg");
        agg.setCommand(List.of("aggregate"));
        agg.setRequired(true);
        HpcJob job = Resources.job("with-agg", s -> s.setServices(new ArrayList<>(List.of(agg))));
        op.list();
        op.reconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        op.list();
        reportedServices.add(new dev.hpcenv.crd.v1alpha1.ServiceState(
                "agg", "node1", dev.hpcenv.crd.v1alpha1.ServicePhase.EXITED, 3, "hpcenv-1000-agg-node1.out", null));
        op.reconcile(job);
        String healthyWhileRunning =
                condition(job, ConditionType.SERVICES_HEALTHY).getReason();
        String unhealthySince = condition(job, ConditionType.SERVICES_HEALTHY).getLastTransitionTime();
        op.list();
        op.reconcile(job);
        String unhealthySinceAfterAnotherListing =
                condition(job, ConditionType.SERVICES_HEALTHY).getLastTransitionTime();
        // When
        slurm.setState(1000, JobState.FAILED, ExitStatus.exited(125));
        op.list();
        op.reconcile(job);
        // Then
        assertThat(slurm.submissions().get(0).environment()).containsKey("HPCENV_SERVICES");
        assertThat(healthyWhileRunning).isEqualTo("ServiceFailed");
        assertThat(unhealthySinceAfterAnotherListing).isEqualTo(unhealthySince);
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        assertThat(condition(job, ConditionType.FAILED).getReason()).isEqualTo("ServiceFailed");
        assertThat(condition(job, ConditionType.FAILED).getMessage())
                .startsWith("required service agg on node node1 exited with code 3 while the tasks ran");
        assertThat(events.reasons())
                .containsSubsequence("Submitted", "Running", "Failed")
                .contains("ServiceFailed");
    }

    @Test
    void oneListingPerIntervalServesEveryJob() {
        // Given
        List<HpcJob> jobs = new ArrayList<>();
        IntStream.range(0, 50).forEach(i -> jobs.add(Resources.job("job-" + i)));
        op.list();
        jobs.forEach(op::reconcile);
        jobs.forEach(j -> slurm.setState(j.getStatus().getSlurmJobId(), JobState.RUNNING));
        int listingsBefore = slurm.listCalls.get();
        // When
        op.list();
        jobs.forEach(op::reconcile);
        // Then
        assertThat(slurm.listCalls.get() - listingsBefore).isEqualTo(1);
        assertThat(slurm.getCalls).hasValue(0);
        assertThat(jobs).allMatch(j -> j.getStatus().getPhase() == HpcJobPhase.RUNNING);
    }

    @Test
    void listingFailuresSurfaceOnARunningJobAndClear() {
        // Given
        HpcJob job = Resources.job("train");
        op.list();
        op.reconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        op.list();
        op.reconcile(job);
        slurm.unavailable(true);
        op.list();
        // When
        op.reconcile(job);
        Condition during = condition(job, ConditionType.READY);
        slurm.unavailable(false);
        op.list();
        op.reconcile(job);
        // Then
        assertThat(during.getStatus()).isEqualTo(Condition.UNKNOWN);
        assertThat(during.getReason()).isEqualTo("ClusterUnreachable");
        assertThat(condition(job, ConditionType.READY).getStatus()).isEqualTo(Condition.TRUE);
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.RUNNING);
    }

    @Test
    void anAmbiguousSubmitIsNotRepeatedBeforeALaterListing() {
        // Given
        HpcJob job = Resources.job("train");
        op.list();
        slurm.failNextSubmitAfterCreating();
        Throwable ambiguous = catchThrowable(() -> op.reconcile(job));
        // When
        op.reconcile(job);
        op.list();
        op.reconcile(job);
        // Then
        assertThat(ambiguous).isInstanceOf(SlurmException.class);
        assertThat(slurm.submitCalls).hasValue(1);
        assertThat(job.getStatus().getSlurmJobId()).isEqualTo(1000L);
        assertThat(condition(job, ConditionType.SUBMITTED).getReason()).isEqualTo("Adopted");
    }

    @Test
    void aRejectedSubmissionFailsTheJobWithSlurmsReason() {
        // Given
        HpcJob job = Resources.job("train");
        op.list();
        slurm.failNextSubmitWith(new SlurmException(SlurmException.Kind.REJECTED, "invalid partition specified"));
        // When
        op.reconcile(job);
        // Then
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        assertThat(condition(job, ConditionType.SUBMITTED).getReason()).isEqualTo("SubmitFailed");
        assertThat(condition(job, ConditionType.FAILED).getMessage()).contains("invalid partition specified");
    }

    @Test
    void anUnreachableClusterBeforeTheFirstListingSaysSoAndSubmitsNothing() {
        // Given
        HpcJob job = Resources.job("train");
        slurm.unavailable(true);
        op.list();
        // When
        op.reconcile(job);
        // Then
        assertThat(slurm.submitCalls).hasValue(0);
        Condition submitted = condition(job, ConditionType.SUBMITTED);
        assertThat(submitted.getStatus()).isEqualTo(Condition.UNKNOWN);
        assertThat(submitted.getReason()).isEqualTo("ClusterUnreachable");
    }

    @Test
    void anUnmappedNamespaceIsRefused() {
        // Given
        HpcJob job = Resources.job("train");
        job.getMetadata().setNamespace("intruders");
        op.list();
        // When
        op.reconcile(job);
        // Then
        assertThat(slurm.submitCalls).hasValue(0);
        assertThat(condition(job, ConditionType.ACCEPTED).getReason()).isEqualTo("NamespaceNotMapped");
        assertThat(events.all()).anyMatch(e -> e.reason().equals("NamespaceNotMapped"));
    }

    @Test
    void aJobWithoutSpecIsInvalidNotACrash() {
        // Given
        HpcJob job = Resources.job("empty");
        job.setSpec(null);
        op.list();
        // When
        op.reconcile(job);
        // Then
        assertThat(condition(job, ConditionType.ACCEPTED).getReason()).isEqualTo("Invalid");
        assertThat(condition(job, ConditionType.ACCEPTED).getMessage()).startsWith("spec: missing");
        assertThat(slurm.submitCalls).hasValue(0);
    }

    @Test
    void anInlineEnvironmentWithoutAnImageWaitsWithAHint() {
        // Given
        HpcJob job = Resources.job("noimage", s -> {
            s.setEnvironmentRef(null);
            s.setEnvironment(new EnvironmentSpec());
        });
        op.list();
        // When
        op.reconcile(job);
        // Then
        Condition env = condition(job, ConditionType.ENVIRONMENT_READY);
        assertThat(env.getReason()).isEqualTo("Invalid");
        assertThat(env.getMessage()).contains("names no image").contains("hint:");
        assertThat(slurm.submitCalls).hasValue(0);
    }

    @Test
    void deletingCancelsTheRunningJob() throws Exception {
        // Given
        HpcJob job = Resources.job("train");
        op.list();
        op.reconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        op.list();
        // When
        DeleteControl control = op.reconciler.cancelOnDelete(job);
        // Then
        assertThat(control.isRemoveFinalizer()).isTrue();
        assertThat(slurm.cancelCalls).hasValue(1);
        assertThat(slurm.getJob(1000).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void deletingKeepsTheFinalizerWhileSlurmIsAway() throws Exception {
        // Given
        HpcJob job = Resources.job("train");
        op.list();
        op.reconcile(job);
        slurm.unavailable(true);
        // When
        DeleteControl control = op.reconciler.cancelOnDelete(job);
        // Then
        assertThat(control.isRemoveFinalizer()).isFalse();
        slurm.unavailable(false);
        assertThat(op.reconciler.cancelOnDelete(job).isRemoveFinalizer()).isTrue();
        assertThat(slurm.getJob(1000).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void suspendCancelsAndResumeSubmitsAfresh() {
        // Given
        HpcJob job = Resources.job("train");
        op.list();
        op.reconcile(job);
        job.getSpec().setSuspend(true);
        op.reconcile(job);
        String submittedWhileSuspended = condition(job, ConditionType.SUBMITTED).getReason();
        op.list();
        // When
        job.getSpec().setSuspend(false);
        op.reconcile(job);
        // Then
        assertThat(slurm.getJob(1000).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(submittedWhileSuspended).isEqualTo("Suspended");
        assertThat(slurm.submitCalls).hasValue(2);
        assertThat(job.getStatus().getSlurmJobId()).isEqualTo(1001L);
        assertThat(RetiredJobs.of(job)).containsExactly(1000L);
    }

    private static Condition condition(HpcJob job, ConditionType type) {
        return ConditionsView.find(job.getStatus().getConditions(), type)
                .orElseThrow(() -> new AssertionError(
                        "no " + type.wire() + " condition in " + job.getStatus().getConditions()));
    }
}
