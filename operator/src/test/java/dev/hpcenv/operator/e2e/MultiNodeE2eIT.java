package dev.hpcenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.real.LocalCluster;
import dev.hpcenv.slurm.real.LocalClusterExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HpcJobs on the shared 3-node local Slurm (dev/slurm-nodes.sh), through the operator in a process of
 * its own, the real slurmrestd and the shim installed on the nodes: tasks in containers on three
 * hosts, each seeing its own node's hostname and network and the same shared file system; a failing
 * rank fails the job with its exit code; deleting a running HpcJob leaves nothing on any node.
 */
@ExtendWith(LocalClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeE2eIT {

    /** A cold image store on the shared directory: the first job pulls and converts the image. */
    private static final Duration RUN = Duration.ofSeconds(120);

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalCluster cluster;
    private RealSlurmWorld world;
    private ClusterSite site;

    MultiNodeE2eIT(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeAll
    void start() {
        world = RealSlurmWorld.start(cluster.slurm(), logs);
        site = ClusterSite.start(cluster, world);
        world.useShim(site.wrapper.toString());
        world.startOperator("operator-nodes", Map.of());
        world.awaitClusterReady();
    }

    @AfterEach
    void cancelLeftovers() {
        world.cancelSlurmJobs();
    }

    @AfterAll
    void stop() {
        Closing.inOrder(world, site);
    }

    @Test
    void sixTasksOnThreeNodesSeeTheirOwnHostAndNetworkAndOneSharedFileSystem() {
        // Given: 3 nodes x 2 tasks; every task prints its rank, hostname and non-loopback address; rank 0
        // writes a file in the shared directory and rank 5 (on the third node) waits for it, with a deadline
        String name = "spread";
        String script = """
                addr=$(ip -4 addr | grep -o 'inet [0-9.]*' | grep -v 'inet 127\\.' | head -n 1 | cut -d' ' -f2)
                echo "task=$SLURM_PROCID host=$(hostname) addr=$addr"
                if [ "$SLURM_PROCID" = 0 ]; then
                  echo "written on $(hostname)" > /shared/spread.tmp && mv /shared/spread.tmp /shared/spread.barrier
                fi
                if [ "$SLURM_PROCID" = 5 ]; then
                  i=0
                  while [ ! -f /shared/spread.barrier ]; do
                    i=$((i + 1)); [ "$i" -gt 60 ] && { echo "rank5 gave up waiting"; exit 4; }
                    sleep 1
                  done
                  echo "rank5 on $(hostname) read: $(cat /shared/spread.barrier)"
                fi
                """;
        // When
        world.create(site.job(world.mappedNamespace, name, 3, 2, script, world.run + "-spread"));
        // Then
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        assertThat(done.getStatus().getPhase()).as(site.describeOutput(name)).isEqualTo(HpcJobPhase.SUCCEEDED);
        assertThat(done.getStatus().getExitCode()).isZero();
        assertThat(done.getStatus().getNodes()).containsExactlyElementsOf(cluster.nodes());
        Map<Integer, String[]> tasks = new HashMap<>();
        for (String line : site.lines(name, "task=")) {
            String[] f = line.split(" ");
            tasks.put(
                    Integer.parseInt(f[0].substring("task=".length())),
                    new String[] {f[1].substring("host=".length()), f[2].substring("addr=".length())});
        }
        assertThat(tasks).as(site.describeOutput(name)).containsOnlyKeys(0, 1, 2, 3, 4, 5);
        Map<String, List<Integer>> ranksByHost =
                tasks.keySet().stream().collect(Collectors.groupingBy(r -> tasks.get(r)[0]));
        assertThat(ranksByHost).as("ranks by container hostname").containsOnlyKeys(cluster.nodes());
        assertThat(ranksByHost.values()).allSatisfy(ranks -> assertThat(ranks).hasSize(2));
        Map<String, Set<String>> addressesByHost = tasks.values().stream()
                .collect(Collectors.groupingBy(
                        t -> t[0], Collectors.mapping(t -> t[1], Collectors.toCollection(TreeSet::new))));
        assertThat(addressesByHost.values())
                .as("each node's containers see one address, its node's: %s", addressesByHost)
                .allSatisfy(a -> assertThat(a)
                        .hasSize(1)
                        .allSatisfy(ip -> assertThat(ip)
                                .startsWith(cluster.hostAddress()
                                        .substring(0, cluster.hostAddress().lastIndexOf('.') + 1))));
        assertThat(addressesByHost.values().stream().flatMap(Set::stream).distinct())
                .as("the nodes' addresses differ")
                .hasSize(3);
        String rank0Host = tasks.get(0)[0];
        String rank5Host = tasks.get(5)[0];
        assertThat(rank5Host).isNotEqualTo(rank0Host);
        assertThat(site.lines(name, "rank5"))
                .as(site.describeOutput(name))
                .containsExactly("rank5 on " + rank5Host + " read: written on " + rank0Host);
    }

    @Test
    void oneFailingRankFailsTheJobWithItsExitCode() {
        // Given: rank 4 of six exits 3, the others 0
        String name = "one-fails";
        String script = "echo \"task=$SLURM_PROCID host=$(hostname)\"; [ \"$SLURM_PROCID\" = 4 ] && exit 3; exit 0";
        // When
        world.create(site.job(world.mappedNamespace, name, 3, 2, script, world.run + "-fails"));
        // Then
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        assertThat(done.getStatus().getPhase()).as(site.describeOutput(name)).isEqualTo(HpcJobPhase.FAILED);
        assertThat(done.getStatus().getExitCode()).isEqualTo(3);
        assertThat(done.getStatus().getNodes()).containsExactlyElementsOf(cluster.nodes());
        assertThat(site.lines(name, "task=")).as(site.describeOutput(name)).hasSize(6);
    }

    @Test
    void deletingARunningThreeNodeJobLeavesNothingOnAnyNode() {
        // Given: a job whose task on each of the 3 nodes runs until it is killed
        String name = "deleted";
        String marker = world.run + "-deleted-marker";
        String script = "echo \"started $SLURM_PROCID $(hostname)\"; while :; do sleep 1; done";
        HpcJob created = world.create(site.job(world.mappedNamespace, name, 3, 1, script, marker));
        Await.until(
                "3 tasks of " + name + " started",
                RUN,
                () -> site.lines(name, "started").size() == 3,
                () -> site.describeOutput(name) + "\n" + RealSlurmWorld.asYaml(world.job(world.mappedNamespace, name)));
        long slurmId = world.awaitJob(
                        world.mappedNamespace,
                        name,
                        "Running",
                        j -> j.getStatus() != null && j.getStatus().getPhase() == HpcJobPhase.RUNNING)
                .getStatus()
                .getSlurmJobId();
        site.assertRunningOn(cluster.nodes(), marker);
        // When
        world.client().resource(created).delete();
        // Then
        Await.until(
                "HpcJob " + name + " gone",
                RealSlurmWorld.WAIT,
                () -> world.job(world.mappedNamespace, name) == null,
                () -> RealSlurmWorld.asYaml(world.job(world.mappedNamespace, name)));
        Await.until(
                "Slurm job " + slurmId + " ended",
                RealSlurmWorld.WAIT,
                () -> world.slurmJob(slurmId).map(j -> j.state().isTerminal()).orElse(true),
                () -> world.slurmJob(slurmId));
        site.awaitNothingLeft(cluster.nodes(), marker, RealSlurmWorld.WAIT);
    }
}
