package dev.hpcenv.operator.orphans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterCredentials;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.sync.JobMark;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClientConfig;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import dev.hpcenv.slurm.testing.JobRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionCancellerTest {

    private final FakeSlurmClient slurm = new FakeSlurmClient(Clock.systemUTC(), ApiVersion.V0_0_38);
    private final List<String> connectedAs = new ArrayList<>();
    private final ClusterRegistry registry = new ClusterRegistry(ClusterJobSync.manual(Clock.systemUTC()));
    private final ConnectionCanceller canceller = new ConnectionCanceller(registry);

    ConnectionCancellerTest() {
        SlurmCluster cluster = Resources.cluster(s -> {}); // maps team-a to alice
        registry.put(new ClusterConnection(
                Resources.CLUSTER,
                cluster.getSpec(),
                ClusterCredentials.from(
                        cluster.getSpec().getAuth(), "k".repeat(32).getBytes(StandardCharsets.UTF_8)),
                "1/test",
                (SlurmClientConfig config) -> {
                    connectedAs.add(config.user());
                    return slurm;
                },
                new OperatorMetrics()));
    }

    @Test
    void anOrphanOfAMappedUserIsCancelledAsThatUser() {
        long id = slurm.submit(JobSubmission.builder("#!/bin/sh\n")
                .name("team-a.gone")
                .comment(JobMark.of("site-a", "gone").comment())
                .env("PATH", "/bin")
                .workdir("/tmp")
                .hold(true)
                .build());
        JobInfo job = withUser(slurm.getJob(id).orElseThrow(), "alice");

        assertThat(canceller.refusal(Resources.CLUSTER, job)).isEmpty();
        assertThat(canceller.cancel(Resources.CLUSTER, job)).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(connectedAs).containsExactly("alice");
        assertThat(slurm.getJob(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void anOrphanedArrayElementCancelsItsWholeArray() {
        // Given: the array as Slurm holds it, and an element's record, whose own id the fake does not know
        long array = slurm.submit(JobSubmission.builder("#!/bin/sh\n")
                .name("team-a.sweep")
                .comment(JobMark.of("site-a", "gone").comment())
                .env("PATH", "/bin")
                .workdir("/tmp")
                .hold(true)
                .build());
        JobInfo element = JobRecord.job(array + 3)
                .name("team-a.sweep")
                .user("alice")
                .comment(JobMark.of("site-a", "gone").comment())
                .element(array, 3)
                .build();
        // When
        CancelOutcome outcome = canceller.cancel(Resources.CLUSTER, element);
        // Then
        assertThat(outcome).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(slurm.getJob(array).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void anOrphanOfAUserNoNamespaceMapsToIsRefused() {
        JobInfo job =
                withUser(OrphanWatchTest.job(5, JobMark.of("site-a", "gone").comment(), JobState.PENDING), "root");

        assertThat(canceller.refusal(Resources.CLUSTER, job))
                .contains("its owner 'root' is no user that SlurmCluster " + Resources.CLUSTER + " maps");
        assertThat(canceller.refusal("elsewhere", job)).contains("the SlurmCluster is no longer connected");
        assertThat(connectedAs).isEmpty();
    }

    private static JobInfo withUser(JobInfo j, String user) {
        return JobRecord.from(j).user(user).build();
    }
}
