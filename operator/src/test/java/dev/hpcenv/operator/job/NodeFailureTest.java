package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterCredentials;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.events.EventRecorder.Type;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.ReadyEnvironments;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Node failure and requeue through the reconciler, against a fake Slurm that behaves as slurmctld does
 * (NODE_FAIL without the requeue flag; PENDING with one more restart with it).
 */
class NodeFailureTest {

    private static final List<String> NODES = List.of("node1", "node2", "node3");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeSlurmClient slurm = new FakeSlurmClient(clock, ApiVersion.V0_0_38);
    private final SlurmCluster cluster = Resources.cluster(s -> {});
    private final RecordingEvents events = new RecordingEvents();
    private final ClusterJobSync sync = ClusterJobSync.manual(clock);
    private final ClusterRegistry registry = new ClusterRegistry(sync);
    private final ClusterConnection connection = new ClusterConnection(
            Resources.CLUSTER,
            cluster.getSpec(),
            ClusterCredentials.from(cluster.getSpec().getAuth(), "k".repeat(32).getBytes(StandardCharsets.UTF_8)),
            "1/test",
            config -> slurm.asUser(config.user()),
            new OperatorMetrics());
    private final HpcJobReconciler reconciler = new HpcJobReconciler(
            new HpcJobEventSources(sync),
            new MapLookups().add(cluster).add(ReadyEnvironments.pytorch()),
            new FakeHpcJobWrites(),
            registry,
            new JobSubmissionBuilder("/tmp"),
            events,
            new OperatorMetrics(),
            clock,
            DeniedUsers.DEFAULT,
            new dev.hpcenv.operator.reading.UnreadableResources(),
            NodeProgress.NONE);

    NodeFailureTest() {
        registry.put(connection);
    }

    private void listAndReconcile(HpcJob job) {
        clock.advance(Duration.ofSeconds(10));
        sync.listOnce(connection);
        reconciler.decideAndAct(job);
    }

    @Test
    void withoutRequeueSubmissionClearsSlurmsRequeueFlag() {
        // Given
        HpcJob job = Resources.job("train");
        // When
        listAndReconcile(job);
        // Then
        assertThat(slurm.submissions().get(0).requeue()).isFalse();
        assertThat(job.getStatus().getAttempts()).isEqualTo(1);
    }

    @Test
    void withRequeueSubmissionSetsSlurmsRequeueFlag() {
        // Given
        HpcJob job = Resources.job("train", s -> s.setRequeue(2));
        // When
        listAndReconcile(job);
        // Then
        assertThat(slurm.submissions().get(0).requeue()).isTrue();
    }

    @Test
    void aNodeFailureWithoutRequeueEndsFailedNodeFailNamingTheNodes() {
        // Given
        HpcJob job = Resources.job("train");
        listAndReconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        listAndReconcile(job);
        // When
        slurm.nodeFailure(1000, NODES);
        listAndReconcile(job);
        // Then
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        assertThat(job.getStatus().getNodes()).containsExactlyElementsOf(NODES);
        assertThat(job.getStatus().getAttempts()).isEqualTo(1);
        Condition failed = condition(job, ConditionType.FAILED);
        assertThat(failed.getReason()).isEqualTo("NodeFail");
        assertThat(failed.getMessage()).contains("NODE_FAIL", "node1,node2,node3", "NodeDown", "spec.requeue");
        assertThat(condition(job, ConditionType.READY).getReason()).isEqualTo("NodeFail");
        assertThat(events.all()).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(Type.Warning);
            assertThat(e.reason()).isEqualTo("Failed");
            assertThat(e.message()).contains("node1,node2,node3");
        });
        assertThat(slurm.cancelCalls).hasValue(0);
    }

    @Test
    void theNodeSlurmReportsDownIsNamedAndTheNodeListIsAskedOnce() {
        // Given
        HpcJob job = Resources.job("train");
        listAndReconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        listAndReconcile(job);
        int asksWhileRunning = slurm.nodesCalls.get();
        // When
        slurm.nodeDown("node2").nodeFailure(1000, NODES);
        listAndReconcile(job);
        listAndReconcile(job);
        // Then
        assertThat(asksWhileRunning).isZero();
        assertThat(slurm.nodesCalls).hasValue(1);
        assertThat(condition(job, ConditionType.FAILED).getMessage())
                .contains("node node2 (DOWN,NOT_RESPONDING: Not responding) failed; it ran on node1,node2,node3");
    }

    @Test
    void aRequeueWithinTheLimitCountsTheAttemptRecordsAnEventAndRunsAgain() {
        // Given
        HpcJob job = Resources.job("train", s -> s.setRequeue(1));
        listAndReconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        listAndReconcile(job);
        List<String> firstNodes = job.getStatus().getNodes();
        // When
        slurm.nodeFailure(1000, NODES);
        listAndReconcile(job);
        HpcJobPhase whileRequeued = job.getStatus().getPhase();
        String readyWhileRequeued = condition(job, ConditionType.READY).getReason();
        slurm.setState(1000, JobState.RUNNING);
        listAndReconcile(job);
        // Then
        assertThat(whileRequeued).isEqualTo(HpcJobPhase.SUBMITTED);
        assertThat(readyWhileRequeued).isEqualTo("Requeued");
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.RUNNING);
        assertThat(job.getStatus().getAttempts()).isEqualTo(2);
        assertThat(job.getStatus().getMessage()).contains("attempt 2");
        assertThat(events.all())
                .filteredOn(e -> e.reason().equals("Requeued"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(Type.Warning);
                    assertThat(e.message())
                            .contains("attempt 2", "previous run on " + String.join(",", firstNodes) + " ended");
                });
        assertThat(slurm.cancelCalls).hasValue(0);
    }

    @Test
    void aRequeueBeyondTheLimitIsCancelledAndEndsFailedNodeFail() {
        // Given
        HpcJob job = Resources.job("train", s -> s.setRequeue(1));
        listAndReconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        listAndReconcile(job);
        slurm.nodeFailure(1000, NODES);
        listAndReconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        listAndReconcile(job);
        // When
        slurm.nodeFailure(1000, NODES);
        listAndReconcile(job);
        // Then
        assertThat(slurm.cancelCalls).hasValue(1);
        assertThat(slurm.getJob(1000).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        assertThat(job.getStatus().getAttempts()).isEqualTo(3);
        assertThat(job.getStatus().getNodes()).as("the nodes of its last run").containsExactly("node1");
        Condition failed = condition(job, ConditionType.FAILED);
        assertThat(failed.getReason()).isEqualTo("NodeFail");
        assertThat(failed.getMessage())
                .contains("requeued 2 times", "spec.requeue (1)", "cancelled", "last ran on node1");
    }

    @Test
    void aCancelledJobStaysFailedNodeFailAtTheNextListing() {
        // Given
        HpcJob job = Resources.job("train");
        listAndReconcile(job);
        slurm.setState(1000, JobState.RUNNING);
        listAndReconcile(job);
        // Slurm requeues a job that could not be launched on a node whatever its flag: restart count 1.
        slurm.requeue(1000);
        listAndReconcile(job);
        String message = job.getStatus().getMessage();
        // When
        listAndReconcile(job);
        // Then
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        assertThat(condition(job, ConditionType.FAILED).getReason()).isEqualTo("NodeFail");
        assertThat(job.getStatus().getMessage()).isEqualTo(message).contains("spec.requeue (0)");
        assertThat(slurm.cancelCalls).hasValue(1);
    }

    private static Condition condition(HpcJob job, ConditionType type) {
        return ConditionsView.find(job.getStatus().getConditions(), type).orElseThrow();
    }
}
