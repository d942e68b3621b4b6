package dev.hpcenv.operator.e2e;

import static dev.hpcenv.operator.e2e.RealSlurmWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.operator.OperatorConfig;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.real.LocalSlurm;
import dev.hpcenv.slurm.real.LocalSlurmExtension;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas of the shipped operator with {@code HPCENV_LEADER_ELECTION=true} against one embedded
 * API and the real local Slurm: only the holder of the Lease submits, and when it is killed (SIGKILL,
 * so it cannot hand the lease over) the other takes over once the lease expires and submits exactly
 * once what arrives, and what the dead leader left half done.
 */
@ExtendWith(LocalSlurmExtension.class)
class LeaderElectionE2eIT {

    /** Short, so that the take-over after a SIGKILL takes seconds, not the default 15 s. */
    private static final String LEASE_SECONDS = "3";

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

    private OperatorProcess replica(String name) {
        return world.startOperator(
                name,
                Map.of(
                        OperatorConfig.LEADER_ELECTION,
                        "true",
                        "POD_NAMESPACE",
                        world.systemNamespace,
                        "POD_NAME",
                        name,
                        OperatorConfig.LEASE_SECONDS,
                        LEASE_SECONDS));
    }

    private String leaseHolder() {
        Lease lease = world.client()
                .leases()
                .inNamespace(world.systemNamespace)
                .withName(OperatorConfig.LEASE_NAME)
                .get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void onlyTheLeaderSubmitsAndTheOtherTakesOverWhenItIsKilled() {
        // Given: two replicas, one of which holds the lease
        Map<String, OperatorProcess> replicas =
                Map.of("replica-a", replica("replica-a"), "replica-b", replica("replica-b"));
        long start = System.nanoTime();
        Await.until(
                "a replica holds the lease",
                WAIT,
                () -> leaseHolder() != null && replicas.containsKey(leaseHolder()),
                this::leaseHolder);
        long leading = System.nanoTime();
        world.awaitClusterReady();
        OperatorProcess leader = replicas.get(leaseHolder());
        OperatorProcess follower =
                replicas.values().stream().filter(r -> r != leader).findFirst().orElseThrow();
        String ns = world.mappedNamespace;
        Set<String> uids = new HashSet<>(world.createBurst(ns, "first", 5));
        awaitAllSubmitted(ns, uids);
        long firstSubmitted = System.nanoTime();
        // When: the leader dies without a word, and work arrives while no one leads
        leader.kill();
        long killed = System.nanoTime();
        uids.addAll(world.createBurst(ns, "second", 5));
        // Then
        Await.until(
                follower.name() + " holds the lease",
                WAIT,
                () -> follower.name().equals(leaseHolder()),
                this::leaseHolder);
        long takenOver = System.nanoTime();
        awaitAllSubmitted(ns, uids);
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
        List<JobInfo> slurmJobs = world.slurmJobsFor(uids);
        assertThat(slurmJobs.stream().map(JobInfo::comment).collect(Collectors.toList()))
                .as("one Slurm job per HpcJob UID")
                .hasSize(10)
                .doesNotHaveDuplicates();
        assertThat(follower.isAlive()).isTrue();
        // A leader stopped by SIGTERM gives the lease up and exits well within Kubernetes' 30 s grace period.
        assertThat(follower.stopsWithin(20))
                .as("the leader exited within 20 s of SIGTERM")
                .isTrue();
    }

    private void awaitAllSubmitted(String ns, Set<String> uids) {
        Await.until(
                uids.size() + " HpcJobs with a Slurm job id",
                WAIT,
                () -> world.jobs(ns).stream()
                                .filter(j -> uids.contains(j.getMetadata().getUid()))
                                .filter(RealSlurmWorld::hasSlurmJob)
                                .count()
                        == uids.size(),
                () -> world.jobs(ns).stream()
                                .filter(j -> !RealSlurmWorld.hasSlurmJob(j))
                                .map(HpcJob::getMetadata)
                                .map(m -> m.getName())
                                .toList()
                        + " without id");
    }
}
