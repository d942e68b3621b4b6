package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterCredentials;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.ReadyEnvironments;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The finalizer around a reconcile: stored before anything is submitted (in the same reconcile),
 * never a submit when storing it failed, and on deletion removed only once the Slurm jobs are
 * cancelled. Against the fake Slurm, with writes recorded in the order they were made.
 */
class HpcJobFinalizerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeSlurmClient slurm = new FakeSlurmClient(clock, ApiVersion.V0_0_38);
    private final SlurmCluster cluster = Resources.cluster(s -> {});
    private final ClusterJobSync sync = ClusterJobSync.manual(clock);
    private final ClusterRegistry registry = new ClusterRegistry(sync);
    private final ClusterConnection connection = new ClusterConnection(
            Resources.CLUSTER,
            cluster.getSpec(),
            ClusterCredentials.from(cluster.getSpec().getAuth(), "k".repeat(32).getBytes(StandardCharsets.UTF_8)),
            "1/test",
            config -> slurm.asUser(config.user()),
            new OperatorMetrics());
    private final RecordingWrites writes = new RecordingWrites();
    private final HpcJobReconciler reconciler = new HpcJobReconciler(
            new HpcJobEventSources(sync),
            new MapLookups().add(cluster).add(ReadyEnvironments.pytorch()),
            writes,
            registry,
            new JobSubmissionBuilder("/tmp"),
            new RecordingEvents(),
            new OperatorMetrics(),
            clock,
            DeniedUsers.DEFAULT,
            new dev.hpcenv.operator.reading.UnreadableResources(),
            NodeProgress.NONE);

    /** The writes in order, each with the number of Slurm submissions made before it. */
    private final class RecordingWrites implements HpcJobWrites {
        final List<String> log = new ArrayList<>();
        boolean refuseFinalizer;

        @Override
        public void addFinalizer(HpcJob job) {
            log.add("addFinalizer after " + slurm.submitCalls.get() + " submits");
            if (refuseFinalizer) {
                throw new KubernetesClientException("refused", 403, null);
            }
            List<String> finalizers = new ArrayList<>(job.getMetadata().getFinalizers());
            finalizers.add(FinalizerStep.FINALIZER);
            job.getMetadata().setFinalizers(finalizers);
        }

        @Override
        public void removeFinalizer(HpcJob job) {
            log.add("removeFinalizer after "
                    + slurm.getJob(1000).map(j -> j.state().name()).orElse("no job"));
            job.getMetadata().setFinalizers(new ArrayList<>());
        }

        @Override
        public void writeStatus(HpcJob job) {
            log.add("writeStatus jobId=" + job.getStatus().getSlurmJobId());
        }
    }

    HpcJobFinalizerTest() {
        registry.put(connection);
    }

    private void list() {
        clock.advance(Duration.ofSeconds(10));
        sync.listOnce(connection);
    }

    @Test
    void storesTheFinalizerBeforeTheSubmitInTheSameReconcile() {
        // Given
        HpcJob job = Resources.job("train");
        list();
        // When
        UpdateControl<HpcJob> control = reconciler.reconcileWithFinalizer(job);
        // Then
        assertThat(writes.log).containsExactly("addFinalizer after 0 submits", "writeStatus jobId=1000");
        assertThat(slurm.submitCalls).hasValue(1);
        assertThat(job.getMetadata().getFinalizers()).containsExactly(FinalizerStep.FINALIZER);
        assertThat(control.isNoUpdate())
                .as("the status is written here, not by the framework")
                .isTrue();
    }

    @Test
    void submitsNothingWhenTheFinalizerCannotBeStored() {
        // Given
        HpcJob job = Resources.job("train");
        list();
        writes.refuseFinalizer = true;
        // When / Then
        assertThatThrownBy(() -> reconciler.reconcileWithFinalizer(job)).isInstanceOf(KubernetesClientException.class);
        assertThat(slurm.submitCalls).hasValue(0);
        assertThat(writes.log).containsExactly("addFinalizer after 0 submits");
    }

    @Test
    void addsTheFinalizerOnlyOnce() {
        // Given
        HpcJob job = Resources.job("train");
        list();
        reconciler.reconcileWithFinalizer(job);
        writes.log.clear();
        // When
        reconciler.reconcileWithFinalizer(job);
        // Then: nothing changed, so nothing is written at all
        assertThat(writes.log).isEmpty();
        assertThat(slurm.submitCalls).hasValue(1);
    }

    @Test
    void onDeletionCancelsTheSlurmJobBeforeTheFinalizerGoes() {
        // Given
        HpcJob job = submittedThenDeleted();
        // When
        UpdateControl<HpcJob> control = reconciler.reconcileWithFinalizer(job);
        // Then
        assertThat(writes.log).containsExactly("removeFinalizer after " + JobState.CANCELLED.name());
        assertThat(control.getScheduleDelay()).isEmpty();
    }

    @Test
    void onDeletionKeepsTheFinalizerAndRetriesWhileSlurmIsAway() {
        // Given
        HpcJob job = submittedThenDeleted();
        slurm.unavailable(true);
        // When
        UpdateControl<HpcJob> control = reconciler.reconcileWithFinalizer(job);
        // Then
        assertThat(writes.log).isEmpty();
        assertThat(control.getScheduleDelay()).hasValue(5000L);
        slurm.unavailable(false);
        assertThat(slurm.getJob(1000).orElseThrow().state()).isNotEqualTo(JobState.CANCELLED);
    }

    @Test
    void aDeletedJobWithoutTheFinalizerIsLeftAlone() {
        // Given: deleted before the operator ever stored its finalizer
        HpcJob job = Resources.job("train");
        list();
        job.getMetadata().setDeletionTimestamp("2026-01-01T00:01:00Z");
        // When
        reconciler.reconcileWithFinalizer(job);
        // Then
        assertThat(writes.log).isEmpty();
        assertThat(slurm.submitCalls).hasValue(0);
    }

    @Test
    void theStepFollowsDeletionAndTheStoredFinalizer() {
        HpcJob job = Resources.job("train");
        assertThat(FinalizerStep.of(job)).isEqualTo(FinalizerStep.ADD_THEN_RECONCILE);
        job.getMetadata().setFinalizers(new ArrayList<>(List.of("other/finalizer", FinalizerStep.FINALIZER)));
        assertThat(FinalizerStep.of(job)).isEqualTo(FinalizerStep.RECONCILE);
        job.getMetadata().setDeletionTimestamp("2026-01-01T00:01:00Z");
        assertThat(FinalizerStep.of(job)).isEqualTo(FinalizerStep.CLEAN_UP);
        job.getMetadata().setFinalizers(new ArrayList<>(List.of("other/finalizer")));
        assertThat(FinalizerStep.of(job)).isEqualTo(FinalizerStep.NOTHING);
        assertThat(FinalizerStep.FINALIZER).isEqualTo("hpcjobs.hpcenv.dev/finalizer");
    }

    /** A job submitted (finalizer stored, Slurm job listed), then marked for deletion; writes so far forgotten. */
    private HpcJob submittedThenDeleted() {
        HpcJob job = Resources.job("train");
        list();
        reconciler.reconcileWithFinalizer(job);
        list();
        writes.log.clear();
        job.getMetadata().setDeletionTimestamp("2026-01-01T00:01:00Z");
        return job;
    }
}
