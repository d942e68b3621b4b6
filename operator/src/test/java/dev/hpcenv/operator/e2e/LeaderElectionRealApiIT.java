package dev.hpcenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.operator.OperatorConfig;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.real.LocalSlurm;
import dev.hpcenv.slurm.real.LocalSlurmExtension;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leader election on the real kube-apiserver of dev/kube-local.sh: two replicas of the shipped
 * operator, each with the chart's ServiceAccount identity (so the chart's Role on
 * coordination.k8s.io leases, and JOSDK's check of it, are what is exercised), compete for a real
 * Lease in the chart's namespace; the leader is SIGKILLed in the middle of a burst of 300 held
 * HpcJobs, and the other replica takes over once the Lease expires. Every HpcJob then has exactly one
 * Slurm job on the local Slurm, whichever replica submitted it. The figures (time to the first
 * leader, take-over, the whole burst) are printed for docs/benchmarks.md, never asserted;
 * {@link LeaderElectionE2eIT} runs the same {@link LeaderKilledMidBurst} on hpcenv's embedded API.
 */
@Tag("real-kube")
@ExtendWith(LocalSlurmExtension.class)
class LeaderElectionRealApiIT {

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalSlurm slurm;
    private RealSlurmWorld world;
    private ChartInstall chart;
    private ElectedReplicas replicas;

    LeaderElectionRealApiIT(LocalSlurm slurm) {
        this.slurm = slurm;
    }

    /**
     * The chart installed into the world's system namespace as a site would for two replicas (with the
     * test's short lease and read access to the world's JWT Secret); replicas run with its
     * ServiceAccount and its Deployment's environment.
     */
    @BeforeEach
    void start() {
        RealControlPlane plane = new RealControlPlane();
        world = RealSlurmWorld.start(slurm, logs, plane);
        chart = ChartInstall.install(
                plane,
                world.run,
                world.systemNamespace,
                ChartInstall.Values.defaults()
                        .and("replicaCount", 2)
                        // A leader-elected pair runs without the job-log volume, which has one writer.
                        .and("logs.enabled", false)
                        .and("leaderElection.leaseDurationSeconds", Integer.parseInt(ElectedReplicas.LEASE_SECONDS))
                        .and("rbac.secretAccess[0].namespace", world.systemNamespace)
                        .and("rbac.secretAccess[0].names[0]", RealSlurmWorld.JWT_SECRET));
        plane.operatorAs(world.systemNamespace, chart.serviceAccount());
        replicas = new ElectedReplicas(world, chart.operatorSettings());
    }

    /** The replicas stop before the chart's RBAC goes, and the chart before the world's admin client. */
    @AfterEach
    void stop() {
        String run = world == null ? null : world.run;
        try {
            if (replicas != null) {
                replicas.stopAll();
            }
            if (chart != null) {
                chart.close();
            }
        } finally {
            if (world != null) {
                world.close();
            }
        }
        try (SlurmClient client = slurm.client()) {
            assertThat(client.listJobs(Optional.empty()))
                    .as("unfinished Slurm jobs of run " + run + " after the world closed")
                    .noneMatch(j -> j.name() != null
                            && j.name().startsWith(run + "-")
                            && !j.state().isTerminal());
        }
    }

    @Test
    void theOtherReplicaTakesOverWhenTheLeaderIsKilledMidBurstAndEveryHpcJobHasExactlyOneSlurmJob() throws Exception {
        assertThat(chart.operatorSettings())
                .as("the chart's operator environment")
                .containsEntry(OperatorConfig.LEADER_ELECTION, "true")
                .containsEntry("POD_NAMESPACE", world.systemNamespace);
        LeaderKilledMidBurst.run("real API", world, replicas);
    }
}
