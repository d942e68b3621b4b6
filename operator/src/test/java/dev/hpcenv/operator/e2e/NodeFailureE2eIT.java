package dev.hpcenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.real.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node of a running multi-node HpcJob goes down (dev/slurm-local.sh node-down: every process of the
 * node dies), on a 3-node local Slurm of this class's own (taking a node of the shared instance down
 * would disturb other tests): the HpcJob fails with reason NodeFail naming the node and nothing of it
 * stays on the surviving nodes; with spec.requeue Slurm runs it again on the remaining nodes and the
 * status counts two attempts. The instance's credential lifetime is short (HPCENV_SLURM_CRED_EXPIRE),
 * since Slurm holds a requeued job back that long.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeFailureE2eIT {

    private static final Path STATE = Path.of("/var/tmp/hpcenv-slurm-nodefail");
    private static final Map<String, String> SETTINGS = Map.of(
            "HPCENV_SLURM_STATE", STATE.toString(),
            "HPCENV_SLURMCTLD_PORT", "6867",
            "HPCENV_SLURMD_PORT", "6868",
            "HPCENV_SLURM_PORT", "6870",
            "HPCENV_SLURM_LINK_SYSTEM_CONF", "0",
            "HPCENV_SLURM_NODES_COUNT", "3",
            "HPCENV_SLURM_CRED_EXPIRE", "10");
    private static final Duration RUN = Duration.ofSeconds(120);

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private LocalCluster cluster;
    private RealSlurmWorld world;
    private ClusterSite site;
    private final List<String> down = new java.util.ArrayList<>();

    @BeforeAll
    void start() {
        Assumptions.assumeTrue(
                "0"
                        .equals(ClusterSite.run(Path.of("/"), List.of("id", "-u"), Map.of())
                                .strip()),
                "an own multi-node Slurm needs root (namespaces, links, daemons)");
        cluster = LocalCluster.startOwn(SETTINGS);
        world = RealSlurmWorld.start(cluster.slurm(), logs);
        site = ClusterSite.start(cluster, world);
        world.useShim(site.wrapper.toString());
        world.startOperator("operator-nodefail", Map.of());
        world.awaitClusterReady();
    }

    @AfterEach
    void everyNodeUp() {
        world.cancelSlurmJobs();
        for (String node : down) {
            cluster.nodeUp(node);
        }
        if (!down.isEmpty()) {
            world.awaitEveryNodeLaunches(cluster.nodes().size(), RUN);
        }
        down.clear();
    }

    @AfterAll
    void stop() {
        Closing.inOrder(
                world,
                site,
                cluster == null
                        ? null
                        : () -> {
                            cluster.stop();
                            delete(STATE);
                        });
    }

    @Test
    void aNodeThatGoesDownFailsTheJobNamingItAndTheOtherNodesKeepNothing() {
        // Given: a job on all 3 nodes, its task on each running until killed
        String name = "node-lost";
        String marker = world.run + "-node-lost-marker";
        world.create(site.job(world.mappedNamespace, name, 3, 1, loop(name), marker));
        awaitStarted(name, 3);
        site.assertRunningOn(List.of("node1", "node3"), marker);
        // When
        takeDown("node2");
        // Then
        HpcJob failed = world.awaitEnded(name, RUN, () -> site.describeOutput(name) + "\n" + cluster.logs());
        assertThat(failed.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        Condition condition = RealSlurmWorld.condition(failed.getStatus().getConditions(), "Failed")
                .orElseThrow();
        assertThat(condition.getReason()).isEqualTo("NodeFail");
        assertThat(condition.getMessage()).contains("node2");
        site.awaitNothingLeft(List.of("node1", "node3"), marker, RealSlurmWorld.WAIT);
    }

    @Test
    void withRequeueTheJobRunsAgainOnTheRemainingNodesAndCountsTwoAttempts() {
        // Given: a job on 2 of the 3 nodes that may be requeued once; each rank runs until killed the
        // first time and ends at once when it runs again (its file in the shared directory tells)
        String name = "requeued";
        String marker = world.run + "-requeued-marker";
        HpcJob job = site.job(world.mappedNamespace, name, 2, 1, loop(name), marker);
        job.getSpec().setRequeue(1);
        world.create(job);
        awaitStarted(name, 2);
        List<String> first = world.awaitJob(
                        world.mappedNamespace,
                        name,
                        "Running on 2 nodes",
                        j -> j.getStatus() != null && j.getStatus().getNodes().size() == 2)
                .getStatus()
                .getNodes();
        String lost = first.get(1);
        // When
        takeDown(lost);
        // Then
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name) + "\n" + cluster.logs());
        assertThat(done.getStatus().getPhase()).as(() -> diagnosis(name)).isEqualTo(HpcJobPhase.SUCCEEDED);
        assertThat(done.getStatus().getAttempts()).as(() -> diagnosis(name)).isEqualTo(2);
        assertThat(done.getStatus().getNodes()).hasSize(2).doesNotContain(lost);
        assertThat(site.lines(name, "again")).as(() -> diagnosis(name)).hasSize(2);
    }

    private void takeDown(String node) {
        down.add(node);
        cluster.nodeDown(node);
    }

    /** Rank N touches /shared/NAME.N and loops until killed; when that file exists it says so and ends. */
    private static String loop(String name) {
        String mark = "/shared/" + name + ".$SLURM_PROCID";
        return "if [ -f " + mark + " ]; then echo \"again $SLURM_PROCID $(hostname)\"; exit 0; fi; touch " + mark
                + "; echo \"started $SLURM_PROCID $(hostname)\"; while :; do sleep 1; done";
    }

    private void awaitStarted(String name, int tasks) {
        Await.until(
                tasks + " tasks of " + name + " started",
                RUN,
                () -> site.lines(name, "started").size() == tasks,
                () -> diagnosis(name));
    }

    /** The job's output, its HpcJob as the API holds it (conditions, attempts) and the cluster's daemon logs. */
    private String diagnosis(String name) {
        return site.describeOutput(name) + "\n" + RealSlurmWorld.asYaml(world.job(world.mappedNamespace, name)) + "\n"
                + cluster.logs();
    }

    private static void delete(Path top) {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> files = Files.walk(top)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + top, e);
        }
    }
}
