package dev.hpcenv.operator.e2e;

import static dev.hpcenv.operator.e2e.RealSlurmWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.slurm.real.LocalSlurm;
import dev.hpcenv.slurm.real.LocalSlurmExtension;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas of the shipped operator with {@code HPCENV_LEADER_ELECTION=true} against one embedded
 * API and the real local Slurm: only the holder of the Lease submits, and when it is killed (SIGKILL,
 * so it cannot hand the lease over) the other takes over once the lease expires and submits exactly
 * once what arrives, and what the dead leader left half done; killed in the middle of a burst, it
 * leaves each HpcJob with exactly one Slurm job ({@link LeaderKilledMidBurst}, which {@link
 * LeaderElectionRealApiIT} runs on the real kube-apiserver, with the chart's identity).
 */
@ExtendWith(LocalSlurmExtension.class)
class LeaderElectionE2eIT {

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalSlurm slurm;
    private RealSlurmWorld world;

    LeaderElectionE2eIT(LocalSlurm slurm) {
        this.slurm = slurm;
    }

    @BeforeEach
    void start() {
        world = RealSlurmWorld.start(slurm, logs);
    }

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void onlyTheLeaderSubmitsAndTheOtherTakesOverWhenItIsKilled() {
        // Given: two replicas, one of which holds the lease
        ElectedReplicas replicas = ElectedReplicas.withTestSettings(world);
        long start = System.nanoTime();
        replicas.start("replica-a");
        replicas.start("replica-b");
        OperatorProcess leader = replicas.awaitLeader(WAIT);
        long leading = System.nanoTime();
        world.awaitClusterReady();
        OperatorProcess follower = replicas.other(leader);
        String ns = world.mappedNamespace;
        Set<String> uids = new HashSet<>(world.createBurst(ns, "first", 5));
        world.awaitSlurmJobIds(ns, uids, WAIT);
        long firstSubmitted = System.nanoTime();
        // When: the leader dies without a word, and work arrives while no one leads
        leader.kill();
        long killed = System.nanoTime();
        uids.addAll(world.createBurst(ns, "second", 5));
        // Then
        replicas.awaitHolder(follower, WAIT);
        long takenOver = System.nanoTime();
        world.awaitSlurmJobIds(ns, uids, WAIT);
        System.out.printf(
                "leader election: lease held %.1f s after start, 5 jobs submitted %.1f s later; after the "
                        + "kill the lease moved in %.1f s and the new jobs were submitted %.1f s later%n",
                (leading - start) / 1e9,
                (firstSubmitted - leading) / 1e9,
                (takenOver - killed) / 1e9,
                (System.nanoTime() - takenOver) / 1e9);
        assertThat(leader.submittedJobs())
                .as("submits by the first leader")
                .hasSize(5)
                .allMatch(j -> j.startsWith(ns + "/first-"));
        assertThat(follower.submittedJobs())
                .as("submits by the replica that took over")
                .hasSize(5)
                .allMatch(j -> j.startsWith(ns + "/second-"));
        world.assertOneSlurmJobPerHpcJob(ns, uids);
        assertThat(follower.isAlive()).isTrue();
        // A leader stopped by SIGTERM gives the lease up and exits well within Kubernetes' 30 s grace period.
        assertThat(follower.stopsWithin(20))
                .as("the leader exited within 20 s of SIGTERM")
                .isTrue();
    }

    @Test
    void theOtherReplicaTakesOverWhenTheLeaderIsKilledMidBurstAndEveryHpcJobHasExactlyOneSlurmJob() throws Exception {
        LeaderKilledMidBurst.run("embedded API", world, ElectedReplicas.withTestSettings(world));
    }
}
