package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterCredentials;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.ReadyEnvironments;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once adoption is keyed by the job comment, which any Slurm user can set on their own jobs.
 * A job that names an HpcJob's UID but runs as another Slurm user than the namespace maps to is not
 * that HpcJob's: it is neither adopted nor cancelled for it.
 */
class AdoptionOwnerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeSlurmClient slurm = new FakeSlurmClient(clock, ApiVersion.V0_0_38);
    private final SlurmCluster cluster = Resources.cluster(s -> {}); // maps team-a to alice
    private final MapLookups lookups = new MapLookups().add(cluster).add(ReadyEnvironments.pytorch());
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
            lookups,
            new FakeHpcJobWrites(),
            registry,
            new JobSubmissionBuilder("/tmp"),
            new RecordingEvents(),
            new OperatorMetrics(),
            clock,
            DeniedUsers.DEFAULT,
            new UnreadableResources(),
            NodeProgress.NONE);

    AdoptionOwnerTest() {
        registry.put(connection);
    }

    private void list() {
        clock.advance(Duration.ofSeconds(10));
        sync.listOnce(connection);
    }

    private long submitAs(String user, String comment) {
        return slurm.asUser(user)
                .submit(JobSubmission.builder("#!/bin/sh\ntrue\n")
                        .env("PATH", "/bin")
                        .workdir("/tmp")
                        .comment(comment)
                        .build());
    }

    @Test
    void anotherUsersJobNamingTheHpcJobIsNotAdoptedAndTheOperatorSubmitsItsOwn() {
        // Given: mallory (another namespace's user) names this HpcJob's UID in her own job
        HpcJob job = Resources.job("train");
        long spoof =
                submitAs("mallory", "hpcenv:other-install:" + job.getMetadata().getUid());
        list();
        // When
        reconciler.decideAndAct(job);
        // Then
        long own = job.getStatus().getSlurmJobId();
        assertThat(own).isNotEqualTo(spoof);
        assertThat(slurm.submitCalls).hasValue(2);
        assertThat(slurm.getJob(own)).map(JobInfo::user).contains("alice");
    }

    @Test
    void aBareUidCommentOfAnotherUserIsNotAdoptedEither() {
        HpcJob job = Resources.job("train");
        long spoof = submitAs("mallory", job.getMetadata().getUid());
        list();
        reconciler.decideAndAct(job);
        assertThat(job.getStatus().getSlurmJobId()).isNotEqualTo(spoof);
    }

    @Test
    void theNamespacesOwnUsersJobIsStillAdopted() {
        HpcJob job = Resources.job("train");
        long earlier =
                submitAs("alice", "hpcenv:other-install:" + job.getMetadata().getUid());
        list();
        reconciler.decideAndAct(job);
        assertThat(job.getStatus().getSlurmJobId()).isEqualTo(earlier);
        assertThat(slurm.submitCalls).hasValue(1);
    }

    @Test
    void deletingTheHpcJobLeavesAnotherUsersJobAlone() {
        HpcJob job = Resources.job("train");
        long spoof = submitAs("mallory", job.getMetadata().getUid());
        list();
        reconciler.decideAndAct(job);
        long own = job.getStatus().getSlurmJobId();
        list();
        // When
        reconciler.cancelOnDelete(job);
        // Then
        assertThat(slurm.getJob(own).map(JobInfo::state)).contains(JobState.CANCELLED);
        assertThat(slurm.getJob(spoof).map(JobInfo::state)).isEqualTo(Optional.of(JobState.PENDING));
    }
}
