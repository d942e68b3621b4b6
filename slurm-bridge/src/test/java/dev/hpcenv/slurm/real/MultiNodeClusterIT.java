package dev.hpcenv.slurm.real;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.Node;
import dev.hpcenv.slurm.SlurmClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The multi-node local Slurm of dev/slurm-nodes.sh is a cluster: jobs submitted through slurmrestd
 * as the test user span node1..node3, each node has its own hostname, network and /tmp, the shared
 * directory is one file system, a service on the host's bridge address (where a registry for the
 * nodes listens) is reachable from every node, and a node that goes down is seen by slurmctld and
 * comes back.
 */
@ExtendWith(LocalClusterExtension.class)
class MultiNodeClusterIT {

    private static final Duration JOB_DEADLINE = Duration.ofSeconds(90);
    /** SlurmdTimeout is 10 s on this cluster; slurmctld pings every few seconds. */
    private static final Duration NODE_DEADLINE = Duration.ofSeconds(90);

    private final LocalCluster cluster;
    private final String run = "hpcenv-nodes-" + UUID.randomUUID();
    private final List<Long> submitted = new ArrayList<>();
    private SlurmClient client;
    private Path work;

    MultiNodeClusterIT(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void setUp() throws IOException {
        client = cluster.slurm().client();
        // Written by the job user on the nodes, read here: the shared directory is the only place all see.
        work = Files.createDirectory(cluster.sharedDir().resolve(run));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    @AfterEach
    void tearDown() throws IOException {
        for (long id : submitted) {
            client.cancel(id);
        }
        client.close();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void theClusterHasThreeNodes() {
        assertThat(cluster.nodes()).containsExactly("node1", "node2", "node3");
        assertThat(client.nodes()).extracting(Node::name).containsExactlyInAnyOrder("node1", "node2", "node3");
    }

    @Test
    void srunInsideABatchJobReachesEveryNodeEachWithItsOwnHostnameAndAddress() throws IOException {
        JobInfo done =
                runJob("srun -N3 -n3 sh -c 'echo \"$SLURM_PROCID $(hostname) $(hostname -I)\"' > \"$OUT/tasks\"\n");
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.nodes()).containsExactly("node1", "node2", "node3");

        Map<String, String> addressByHost = new TreeMap<>();
        for (String line : Files.readAllLines(work.resolve("tasks"), StandardCharsets.UTF_8)) {
            String[] fields = line.trim().split("\\s+");
            assertThat(fields)
                    .as("task line '%s': rank, hostname, one address", line)
                    .hasSize(3);
            addressByHost.put(fields[1], fields[2]);
        }
        assertThat(addressByHost).containsOnlyKeys("node1", "node2", "node3");
        assertThat(addressByHost.values())
                .as("each node its own network namespace and address on the bridge")
                .doesNotHaveDuplicates()
                .allSatisfy(address -> assertThat(address)
                        .startsWith(cluster.hostAddress()
                                .substring(0, cluster.hostAddress().lastIndexOf('.') + 1)));
    }

    @Test
    void aFileWrittenOnNode1InTheSharedDirectoryIsReadOnNode3WhileTmpStaysPrivate() throws IOException {
        String tmpFile = "/tmp/" + run;
        JobInfo done = runJob(String.join(
                "\n",
                "srun -N1 -n1 -w node1 sh -c 'echo written-on-$(hostname) > \"$OUT/shared\"; echo x > " + tmpFile + "'",
                "srun -N1 -n1 -w node3 sh -c 'cat \"$OUT/shared\"; if [ -e " + tmpFile
                        + " ]; then echo tmp-shared; else echo tmp-private; fi' > \"$OUT/read-on-node3\"",
                "srun -N1 -n1 -w node1 rm -f " + tmpFile,
                ""));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(Files.readAllLines(work.resolve("read-on-node3"), StandardCharsets.UTF_8))
                .containsExactly("written-on-node1", "tmp-private");
        assertThat(Path.of(tmpFile)).as("the host's /tmp is not a node's").doesNotExist();
    }

    @Test
    void everyNodeReachesAServiceListeningOnTheHostAddress() throws IOException {
        Set<String> askedBy = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(cluster.hostAddress(), 0), 8);
        server.createContext("/", exchange -> {
            askedBy.add(exchange.getRemoteAddress().getAddress().getHostAddress());
            byte[] body = "served-by-host".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://" + cluster.hostAddress() + ":"
                    + server.getAddress().getPort() + "/";
            JobInfo done = runJob("srun -N3 -n3 sh -c 'curl -fsS -m 10 " + url + " > \"$OUT/$(hostname)\"'\n");
            assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        } finally {
            server.stop(0);
        }
        for (String node : cluster.nodes()) {
            assertThat(Files.readString(work.resolve(node), StandardCharsets.UTF_8))
                    .isEqualTo("served-by-host");
        }
        assertThat(askedBy).as("one client address per node").hasSize(3);
    }

    @Test
    void nodeDownMakesTheNodeDownAndNodeUpReturnsItToService() {
        try {
            cluster.nodeDown("node2");
            Node down = Await.until(
                    "node2 to be DOWN or NOT_RESPONDING",
                    NODE_DEADLINE,
                    () -> node("node2")
                            .filter(n ->
                                    n.states().contains("DOWN") || n.states().contains("NOT_RESPONDING")));
            assertThat(down.states()).containsAnyOf("DOWN", "NOT_RESPONDING");
            assertThat(node("node1"))
                    .map(Node::states)
                    .hasValueSatisfying(s -> assertThat(s).doesNotContain("DOWN", "NOT_RESPONDING"));
        } finally {
            cluster.nodeUp("node2");
        }
        Node back = Await.until(
                "node2 to be IDLE again",
                NODE_DEADLINE,
                () -> node("node2").filter(n -> n.states().equals(List.of("IDLE"))));
        assertThat(back.states()).containsExactly("IDLE");
        assertThat(cluster.nodeExec("node2", List.of("hostname")).strip()).isEqualTo("node2");
    }

    private Optional<Node> node(String name) {
        return client.nodes().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    private JobInfo runJob(String body) {
        JobSubmission submission = JobSubmission.builder("#!/bin/sh\nset -e\n" + body)
                .name("hpcenv-nodes-test")
                .comment(run)
                .nodes(3)
                .env("PATH", "/usr/bin:/bin")
                .env("OUT", work.toString())
                .workdir(work.toString())
                .standardOutput(work.resolve("job.out").toString())
                .standardError(work.resolve("job.out").toString())
                .timeLimit(Duration.ofMinutes(5))
                .build();
        long id = client.submit(submission);
        submitted.add(id);
        JobInfo done = Await.until(
                "job " + id + " to end",
                JOB_DEADLINE,
                () -> client.getJob(id).filter(j -> j.state().isTerminal()));
        if (done.state() != JobState.COMPLETED) {
            String out;
            try {
                out = Files.readString(work.resolve("job.out"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                out = "(no job output: " + e.getMessage() + ")";
            }
            throw new AssertionError(
                    "job " + id + " ended " + done.state() + " " + done.exit() + "; its output:\n" + out);
        }
        return done;
    }
}
