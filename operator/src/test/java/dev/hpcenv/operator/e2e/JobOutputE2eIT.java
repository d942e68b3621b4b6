package dev.hpcenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.LogEndpoint;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.operator.logs.JobLogs;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.real.LocalCluster;
import dev.hpcenv.slurm.real.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job's output and progress seen from Kubernetes (docs/job-output.md), end to end: the real shim
 * on the 3-node local Slurm ships to the operator (a process of its own), the operator's log API is
 * an APIService of the embedded API, and users read through the real kubectl running the plugin
 * ({@code bin/kubectl-hpcenv}), as admin and as token users under RBAC.
 */
@ExtendWith(LocalClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobOutputE2eIT {

    private static final Duration RUN = Duration.ofSeconds(150);
    private static final Duration KUBECTL = Duration.ofSeconds(60);
    private static final String SERVICE = "hpcenv-logs-api";
    private static final Pattern TIMESTAMPED = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\S+Z) (.*)$");

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalCluster cluster;
    private RealSlurmWorld world;
    private ClusterSite site;
    private EmbeddedKubernetesApi api;
    private OperatorProcess operator;
    private Map<String, String> settings;
    private Path logDir;
    private Path admin;

    JobOutputE2eIT(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeAll
    void start() throws IOException {
        world = RealSlurmWorld.start(cluster.slurm(), logs);
        site = ClusterSite.start(cluster, world);
        world.useShim(site.wrapper.toString());
        api = ((EmbeddedControlPlane) world.plane()).api();
        logDir = world.dir().resolve("job-logs");
        int ingestPort = freePort();
        int apiPort = freePort();
        settings = Map.of(
                "HPCENV_LOG_DIR", logDir.toString(),
                "HPCENV_LOG_INGEST_PORT", Integer.toString(ingestPort),
                "HPCENV_LOG_API_PORT", Integer.toString(apiPort),
                "HPCENV_LOG_API_ADDRESS", "127.0.0.1");
        operator = world.startOperator("operator-logs", settings);
        Path certificate = logDir.resolve(JobLogs.API_CERTIFICATE_FILE);
        Await.until(
                "the operator's log API certificate " + certificate,
                RealSlurmWorld.WAIT,
                () -> Files.isRegularFile(certificate),
                () -> "");
        registerLogApi(apiPort, Files.readString(certificate, StandardCharsets.US_ASCII));
        world.client().resources(SlurmCluster.class).withName(world.clusterName).edit(c -> {
            LogEndpoint endpoint = new LogEndpoint();
            endpoint.setEndpoint("http://" + cluster.hostAddress() + ":" + ingestPort);
            c.getSpec().setLogs(endpoint);
            return c;
        });
        world.awaitClusterReady();
        admin = world.dir().resolve("admin.kubeconfig");
        api.writeKubeconfig(admin);
    }

    /** The log API as a chart registers it: Service, EndpointSlice (aggregator routing) and APIService. */
    private void registerLogApi(int port, String certificatePem) {
        var client = world.client();
        client.services()
                .inNamespace(world.systemNamespace)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(SERVICE)
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withName("https")
                        .withPort(443)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(world.systemNamespace)
                .resource(new EndpointSliceBuilder()
                        .withNewMetadata()
                        .withName(SERVICE + "-1")
                        .withLabels(Map.of("kubernetes.io/service-name", SERVICE))
                        .endMetadata()
                        .withAddressType("IPv4")
                        .addNewEndpoint()
                        .withAddresses("127.0.0.1")
                        .endEndpoint()
                        .addNewPort()
                        .withName("https")
                        .withPort(port)
                        .withProtocol("TCP")
                        .endPort()
                        .build())
                .create();
        GenericKubernetesResource apiService = new GenericKubernetesResource();
        apiService.setApiVersion("apiregistration.k8s.io/v1");
        apiService.setKind("APIService");
        apiService.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("v1alpha1.logs.hpcenv.dev")
                .build());
        apiService.setAdditionalProperty(
                "spec",
                Map.of(
                        "group",
                        "logs.hpcenv.dev",
                        "version",
                        "v1alpha1",
                        "caBundle",
                        Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII)),
                        "service",
                        Map.of("namespace", world.systemNamespace, "name", SERVICE, "port", 443),
                        "groupPriorityMinimum",
                        1000,
                        "versionPriority",
                        15));
        client.genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
                .resource(apiService)
                .create();
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
    void aRunningJobsLinesReachKubectlWithinTwoSecondsAndFollowEndsWithItsExitCode() {
        // Given: a job printing a line a second, then exiting 7
        String name = "ticking";
        world.create(site.job(
                world.mappedNamespace,
                name,
                1,
                1,
                "i=0; while [ $i -lt 8 ]; do i=$((i + 1)); echo \"tick $i\"; sleep 1; done; exit 7",
                world.run + "-tick"));
        world.awaitJob(world.mappedNamespace, name, "seen by the operator", j -> j.getStatus() != null);
        // When: the user follows it from the start
        Instant followed = Instant.now();
        try (KubectlRun follow =
                KubectlRun.start(admin, "hpcenv", "logs", name, "-n", world.mappedNamespace, "-f", "--timestamps")) {
            int exit = follow.await(RUN);
            // Then: every tick, each within 2 s of the shim reading it, and the job's exit code
            List<String> ticks = new ArrayList<>();
            List<Duration> late = new ArrayList<>();
            for (KubectlRun.Line line : follow.lines()) {
                Matcher m = TIMESTAMPED.matcher(line.text());
                assertThat(m.matches())
                        .as("a timestamped line: %s\n%s", line.text(), follow.describe())
                        .isTrue();
                Instant written = Instant.parse(m.group(1));
                if (m.group(2).startsWith("tick ")) {
                    ticks.add(m.group(2));
                }
                if (written.isAfter(followed)) {
                    late.add(Duration.between(written, line.arrived()));
                }
            }
            assertThat(ticks)
                    .as(follow.describe())
                    .containsExactly("tick 1", "tick 2", "tick 3", "tick 4", "tick 5", "tick 6", "tick 7", "tick 8");
            assertThat(late).as("lines written after the follow began").hasSizeGreaterThanOrEqualTo(5);
            assertThat(late)
                    .as("delivery delays (written by the task -> printed by kubectl hpcenv logs -f)")
                    .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));
            assertThat(exit).as(follow.describe()).isEqualTo(7);
        }
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        assertThat(done.getStatus().getExitCode()).isEqualTo(7);
        assertThat(site.lines(name, "tick "))
                .as("the Slurm output file is written as before")
                .hasSize(8);
        assertThat(done.getStatus().getOutputTail()).as("the tail in status").contains("tick 8");
        assertThat(done.getStatus().getProgress().getTasks().getItems())
                .singleElement()
                .satisfies(t -> assertThat(t.getExitCode()).isEqualTo(7));
    }

    @Test
    void fourTasksOnTwoNodesAreSelectedByTaskAndByNodeAndPrefixedWithBoth() {
        // Given: 2 nodes x 2 tasks, each printing two lines naming itself
        String name = "spread";
        world.create(site.job(
                world.mappedNamespace,
                name,
                2,
                2,
                "for n in 1 2; do echo \"line$n task=$SLURM_PROCID host=$(hostname)\"; done",
                world.run + "-spread"));
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        assertThat(done.getStatus().getPhase()).as(site.describeOutput(name)).isEqualTo(HpcJobPhase.SUCCEEDED);
        // When
        List<String> all = logs(name);
        List<String> task2 = logs(name, "--task", "2");
        String node =
                host(all.stream().filter(l -> l.contains("task=0 ")).findFirst().orElseThrow());
        List<String> onNode = logs(name, "--node", node);
        List<String> prefixed = logs(name, "--prefix");
        // Then
        assertThat(all).hasSize(8);
        assertThat(task2).hasSize(2).allSatisfy(l -> assertThat(l).contains("task=2 "));
        assertThat(onNode).hasSize(4).allSatisfy(l -> assertThat(host(l)).isEqualTo(node));
        Pattern prefix = Pattern.compile("^\\[(\\S+)/(\\d+)\\] line\\d task=(\\d+) host=(\\S+)$");
        assertThat(prefixed).hasSize(8).allSatisfy(l -> {
            Matcher m = prefix.matcher(l);
            assertThat(m.matches()).as(l).isTrue();
            assertThat(m.group(1)).as("the prefix's node").isEqualTo(m.group(4));
            assertThat(m.group(2)).as("the prefix's task").isEqualTo(m.group(3));
        });
        assertThat(prefixed.stream().map(this::host).distinct()).hasSize(2);
    }

    @Test
    void onlyUsersWhoMayGetTheHpcJobReadItsLog() {
        // Given: a finished job, and three users of the embedded API
        String name = "private";
        world.create(site.job(world.mappedNamespace, name, 1, 1, "echo the-secret-result", world.run + "-private"));
        world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        Path alice = user("alice", true, true);
        Path bob = user("bob", false, true);
        Path mallory = user("mallory", false, false);
        // When
        KubectlRun asAlice = KubectlRun.run(alice, KUBECTL, "hpcenv", "logs", name, "-n", world.mappedNamespace);
        KubectlRun asBob = KubectlRun.run(bob, KUBECTL, "hpcenv", "logs", name, "-n", world.mappedNamespace);
        KubectlRun asMallory = KubectlRun.run(mallory, KUBECTL, "hpcenv", "logs", name, "-n", world.mappedNamespace);
        KubectlRun otherNamespace =
                KubectlRun.run(alice, KUBECTL, "hpcenv", "logs", name, "-n", world.unmappedNamespace);
        // Then: alice may get the HpcJob and its log; bob only the log subresource (the operator's
        // access review refuses him); mallory nothing (the API server refuses her before the operator)
        assertThat(asAlice.exitCode()).as(asAlice.describe()).isZero();
        assertThat(asAlice.texts()).containsExactly("the-secret-result");
        for (KubectlRun refused : List.of(asBob, asMallory, otherNamespace)) {
            assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
            assertThat(refused.stderr()).as(refused.describe()).containsIgnoringCase("forbidden");
            assertThat(refused.texts()).as(refused.describe()).noneMatch(l -> l.contains("the-secret-result"));
        }
        assertThat(asBob.stderr()).as("the operator names who asked").contains("bob");
    }

    @Test
    void theEndpointDownForThirtySecondsCostsTheJobNothingAndTheLogShowsTheGap() throws IOException {
        // Given: a job that ticks for 45 s, writing 20 MB at tick 10 (more than the shim buffers)
        String name = "outage";
        world.create(site.job(
                world.mappedNamespace,
                name,
                1,
                1,
                "i=0; while [ $i -lt 45 ]; do i=$((i + 1)); echo \"tick $i\";"
                        + " if [ $i = 10 ]; then yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 20000000; echo; fi;"
                        + " sleep 1; done; exit 5",
                world.run + "-outage"));
        Await.until(
                "tick 3 of " + name + " in its log",
                RUN,
                () -> logs(name).contains("tick 3"),
                () -> site.describeOutput(name));
        // When: the operator (ingest, API, everything) is gone for 30 s of the job's run
        operator.kill();
        Await.until(
                "30 s of the job's output without the operator (tick 33 in the Slurm file)",
                RUN,
                () -> site.lines(name, "tick 33").size() == 1,
                () -> site.describeOutput(name));
        operator = world.startOperator("operator-logs-again", settings);
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        // Then: the job ran as long as it would have and ended with its own code
        assertThat(done.getStatus().getExitCode()).as(site.describeOutput(name)).isEqualTo(5);
        Duration ran = Duration.between(
                Instant.parse(done.getStatus().getStartTime()),
                Instant.parse(done.getStatus().getEndTime()));
        assertThat(ran).as("45 one-second ticks and a 20 MB write").isLessThan(Duration.ofSeconds(55));
        assertThat(site.lines(name, "tick "))
                .as("the Slurm file has every line")
                .hasSize(45);
        // and the log has the gap, marked, and everything after the endpoint came back
        List<String> log = logs(name);
        assertThat(log)
                .as("ticks before, during (buffered) and after the outage")
                .contains("tick 1", "tick 3", "tick 40", "tick 45");
        assertThat(log).anySatisfy(l -> assertThat(l).matches(".*\\[hpcenv: \\d+ bytes dropped\\].*"));
    }

    @Test
    void twoHundredMegabytesOfOutputStayWithinTheStoresBound() throws IOException {
        // Given: a job writing 200 MB and a last line
        String name = "flood";
        world.create(site.job(
                world.mappedNamespace,
                name,
                1,
                1,
                "yes 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ | head -c 200000000; echo; echo end-of-output",
                world.run + "-flood"));
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        assertThat(done.getStatus().getPhase()).as(site.describeOutput(name)).isEqualTo(HpcJobPhase.SUCCEEDED);
        // Then: the last line arrived, the oldest went with a marker, and the store kept its bound
        Await.until(
                "the last line in the log", RUN, () -> logs(name, "--tail", "1").contains("end-of-output"), () -> "");
        KubectlRun head = KubectlRun.run(admin, KUBECTL, "hpcenv", "logs", name, "-n", world.mappedNamespace);
        assertThat(head.texts().get(0))
                .as("the first line of what is kept")
                .matches("\\[hpcenv: \\d+ bytes dropped\\].*");
        Path jobLog = logDir.resolve(done.getMetadata().getUid());
        long stored;
        try (Stream<Path> files = Files.walk(jobLog)) {
            stored = files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
        assertThat(stored)
                .as("bytes of the job's log on the volume (bound: 10 MiB)")
                .isLessThanOrEqualTo(11L << 20);
        assertThat(operator.isAlive()).isTrue();
    }

    @Test
    void aFailedPullShowsTheShimsReasonInDescribeAndInTheLog() {
        // Given: an image the site's registry does not have
        String name = "missing-image";
        HpcJob job = site.job(world.mappedNamespace, name, 1, 1, "true", world.run + "-missing");
        String registry = site.image.substring(0, site.image.indexOf('/'));
        job.getSpec().getEnvironment().setImage(registry + "/e2e/not-there-" + world.run + ":1");
        world.create(job);
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        assertThat(done.getStatus().getPhase()).isEqualTo(HpcJobPhase.FAILED);
        // Then
        KubectlRun describe = KubectlRun.run(admin, KUBECTL, "describe", "hpcjob", name, "-n", world.mappedNamespace);
        assertThat(String.join("\n", describe.texts()))
                .as(describe.describe())
                .contains("pull failed")
                .contains("not-there-" + world.run);
        assertThat(logs(name))
                .as("the shim's reason in the log")
                .anySatisfy(l -> assertThat(l).contains("pull failed").contains("not-there-" + world.run));
    }

    @Test
    void aLargeImagesPullMovesVisiblyInKubectlGetWatchBeforeTheJobRuns() {
        // Given: a 200 MB image no node has
        String registry = site.image.substring(0, site.image.indexOf('/'));
        String image = registry + "/e2e/big-" + world.run + ":1";
        ClusterSite.run(
                Path.of(System.getProperty("hpcenv.root", ".."))
                        .toAbsolutePath()
                        .normalize(),
                List.of("bash", "-c", PUSH_BIG_IMAGE),
                Map.of("SOURCE", site.image, "TARGET", image, "MB", "200"));
        String name = "big-pull";
        HpcJob job = site.job(world.mappedNamespace, name, 1, 1, "echo pulled", world.run + "-big");
        job.getSpec().getEnvironment().setImage(image);
        // When: the user watches the job from its creation
        try (KubectlRun watch = KubectlRun.start(
                admin,
                "get",
                "hpcjob",
                "-n",
                world.mappedNamespace,
                "-w",
                "--no-headers",
                "-o",
                "custom-columns=NAME:.metadata.name,PHASE:.status.phase,PROGRESS:.status.progress.summary")) {
            world.create(job);
            HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name) + "\n" + watch.describe());
            assertThat(done.getStatus().getPhase())
                    .as(site.describeOutput(name))
                    .isEqualTo(HpcJobPhase.SUCCEEDED);
            Await.until(
                    "the watch shows the end",
                    KUBECTL,
                    () -> watch.texts().stream().anyMatch(l -> l.startsWith(name + " ") && l.contains("Succeeded")),
                    watch::describe);
            // Then: before the job ran, the Progress column moved at least three times
            Set<String> pulling = new LinkedHashSet<>();
            for (String line : watch.texts()) {
                String[] f = line.trim().split("\\s+", 3);
                if (!f[0].equals(name) || f.length < 3) {
                    continue;
                }
                String progress = f[2];
                if (progress.startsWith("pulling")
                        || progress.startsWith("unpacking")
                        || progress.startsWith("building")) {
                    pulling.add(progress);
                }
            }
            assertThat(pulling)
                    .as("distinct Progress values while the image was pulled\n%s", watch.describe())
                    .hasSizeGreaterThanOrEqualTo(3)
                    .anySatisfy(p -> assertThat(p).matches("pulling \\d+% of \\d+ MB"));
        }
    }

    /** A copy of the site's image with {@code MB} of random data in a layer of its own. */
    private static final String PUSH_BIG_IMAGE = """
            set -eu
            work=$(mktemp -d /tmp/hpcenv-e2e-big.XXXXXX)
            trap 'rm -rf "$work"' EXIT
            skopeo copy --quiet --src-tls-verify=false "docker://$SOURCE" "oci:$work/layout:img"
            umoci unpack --image "$work/layout:img" "$work/bundle" >/dev/null
            mkdir -p "$work/bundle/rootfs/data"
            i=0
            while [ "$i" -lt $((MB / 10)) ]; do
              i=$((i + 1))
              head -c 10485760 /dev/urandom > "$work/bundle/rootfs/data/blob$i"
            done
            umoci repack --image "$work/layout:img" "$work/bundle" >/dev/null
            skopeo copy --quiet --dest-tls-verify=false "oci:$work/layout:img" "docker://$TARGET"
            """;

    private List<String> logs(String name, String... flags) {
        List<String> args = new ArrayList<>(List.of("hpcenv", "logs", name, "-n", world.mappedNamespace));
        args.addAll(List.of(flags));
        KubectlRun run = KubectlRun.run(admin, KUBECTL, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run.texts();
    }

    private String host(String line) {
        Matcher m = Pattern.compile("host=(\\S+)").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }

    /**
     * A token user with a kubeconfig of their own: {@code getJob} grants get on HpcJobs in the mapped
     * namespace, {@code getLog} get on their log (the rule the chart aggregates into view).
     */
    private Path user(String user, boolean getJob, boolean getLog) {
        String token = user + "-" + world.run;
        api.addUser(token, user, List.of("e2e-users"));
        List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules = new ArrayList<>();
        if (getJob) {
            rules.add(new PolicyRuleBuilder()
                    .withApiGroups("hpcenv.dev")
                    .withResources("hpcjobs")
                    .withVerbs("get", "list", "watch")
                    .build());
        }
        if (getLog) {
            rules.add(new PolicyRuleBuilder()
                    .withApiGroups("logs.hpcenv.dev")
                    .withResources("hpcjobs/log")
                    .withVerbs("get")
                    .build());
        }
        if (!rules.isEmpty()) {
            world.client()
                    .rbac()
                    .roles()
                    .inNamespace(world.mappedNamespace)
                    .resource(new RoleBuilder()
                            .withNewMetadata()
                            .withName(user)
                            .endMetadata()
                            .withRules(rules)
                            .build())
                    .create();
            world.client()
                    .rbac()
                    .roleBindings()
                    .inNamespace(world.mappedNamespace)
                    .resource(new RoleBindingBuilder()
                            .withNewMetadata()
                            .withName(user)
                            .endMetadata()
                            .withNewRoleRef("rbac.authorization.k8s.io", "Role", user)
                            .addNewSubject()
                            .withKind("User")
                            .withApiGroup("rbac.authorization.k8s.io")
                            .withName(user)
                            .endSubject()
                            .build())
                    .create();
        }
        Path kubeconfig = world.dir().resolve(user + ".kubeconfig");
        try {
            api.writeKubeconfig(kubeconfig, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kubeconfig;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
