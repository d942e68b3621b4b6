package dev.hpcenv.operator.e2e;

import static dev.hpcenv.operator.e2e.RealSlurmWorld.WAIT;
import static dev.hpcenv.operator.e2e.RealSlurmWorld.condition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.JobResources;
import dev.hpcenv.crd.v1alpha1.SecretKeyRef;
import dev.hpcenv.crd.v1alpha1.SlurmAuth;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.SlurmClusterSpec;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.real.LocalCluster;
import dev.hpcenv.slurm.real.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's flow on the real kube-apiserver (dev/kube-local.sh) with the operator as the chart would
 * run it: {@code helm install} of charts/hpcenv, then the operator in a process outside the cluster
 * with a token of the release's ServiceAccount and the settings of the release's Deployment (leader
 * election on its Lease included). The RBAC the chart grants is all it has: a SlurmCluster Ready
 * against the local Slurm (its JWT key Secret listed in rbac.secretAccess), a ClusterHpcEnvironment and
 * an HpcEnvironment Ready, an HpcJob that succeeds and one that fails with exit code 3, both run in the
 * demo image through the shim on the 3-node local Slurm (dev/slurm-nodes.sh). Any RBAC denial the
 * operator logs is a chart bug; a SlurmCluster whose Secret the chart does not list is refused by the
 * API server (403), which the operator reports without the Secret's value, and it keeps running.
 */
@Tag("real-kube")
@ExtendWith(LocalClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorFlowRealApiIT {

    /** A cold image store: the first job pulls and converts the image. */
    private static final java.time.Duration RUN = java.time.Duration.ofSeconds(120);
    /** A Secret of the release namespace that rbac.secretAccess does not list. */
    private static final String UNLISTED_SECRET = "slurm-jwt-unlisted";
    /** How an RBAC refusal reads in the operator's log: fabric8's Status reason and code, the event recorder's HTTP code. */
    private static final java.util.regex.Pattern DENIAL =
            java.util.regex.Pattern.compile("(?i)\\bforbidden\\b|code=403\\b|HTTP 403\\b");

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalCluster cluster;
    private RealControlPlane plane;
    private RealSlurmWorld world;
    private ChartInstall chart;
    private ClusterSite site;
    private OperatorProcess operator;
    private String siteEnvironment;
    private String unlistedCluster;

    OperatorFlowRealApiIT(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeAll
    void start() {
        plane = new RealControlPlane();
        world = RealSlurmWorld.start(cluster.slurm(), logs, plane);
        siteEnvironment = world.run + "-site";
        unlistedCluster = world.run + "-unlisted";
        // The release lives in the world's system namespace, beside the JWT key Secret it is told about.
        chart = ChartInstall.install(
                plane,
                "hpcenv-" + world.run,
                world.systemNamespace,
                ChartInstall.Values.defaults()
                        .and("rbac.secretAccess[0].namespace", world.systemNamespace)
                        .and("rbac.secretAccess[0].names[0]", "slurm-jwt"));
        plane.operatorAs(chart.namespace(), chart.serviceAccount());
        site = ClusterSite.start(cluster, world);
        world.useShim(site.wrapper.toString());
        operator = world.startOperator("operator-as-chart", chart.operatorSettings());
        world.awaitClusterReady();
    }

    @AfterAll
    void stop() {
        Closing.inOrder(world == null ? null : () -> deleteClusterScoped(world.client()), world, chart, site);
    }

    @Test
    void theDemosFlowCompletesWithTheChartsRbacAndNothingIsDenied() {
        // Given: the site's defaults and a user's environment built on them, as in examples/demo
        KubernetesClient client = world.client();
        String ns = world.mappedNamespace;
        ClusterHpcEnvironment siteDefaults = new ClusterHpcEnvironment();
        siteDefaults.setMetadata(
                new ObjectMetaBuilder().withName(siteEnvironment).build());
        EnvironmentSpec defaults = new EnvironmentSpec();
        defaults.setMounts(new ArrayList<>(
                List.of(new Mount(site.output.toString(), "/shared", MountType.BIND, new ArrayList<>()))));
        defaults.setEnv(new java.util.LinkedHashMap<>(Map.of("HPCENV_DEMO_SITE", world.run)));
        siteDefaults.setSpec(defaults);
        HpcEnvironment busybox = new HpcEnvironment();
        busybox.setMetadata(new ObjectMetaBuilder()
                .withNamespace(ns)
                .withName("demo-busybox")
                .build());
        EnvironmentSpec environment = new EnvironmentSpec();
        environment.setBaseEnvironments(new ArrayList<>(List.of(siteEnvironment)));
        environment.setImage(site.image);
        environment.setWorkdir("/tmp");
        busybox.setSpec(environment);
        // When
        client.resource(siteDefaults).create();
        client.resource(busybox).create();
        // Then
        awaitReady(
                "ClusterHpcEnvironment " + siteEnvironment,
                () -> Optional.ofNullable(client.resources(ClusterHpcEnvironment.class)
                                .withName(siteEnvironment)
                                .get())
                        .map(e -> e.getStatus() == null ? null : e.getStatus().getConditions()));
        awaitReady(
                "HpcEnvironment " + ns + "/demo-busybox",
                () -> Optional.ofNullable(client.resources(HpcEnvironment.class)
                                .inNamespace(ns)
                                .withName("demo-busybox")
                                .get())
                        .map(e -> e.getStatus() == null ? null : e.getStatus().getConditions()));

        // When: the demo's two jobs, on that environment
        world.create(job(
                "hello",
                "echo \"hello from inside the container: $(cat /etc/hpcenv-demo-release), site $HPCENV_DEMO_SITE\""));
        world.create(job("fail-with-3", "echo \"about to fail with exit code 3\" >&2; exit 3"));
        // Then
        HpcJob hello = world.awaitEnded("hello", RUN, () -> site.describeOutput("hello"));
        assertThat(hello.getStatus().getPhase())
                .as(site.describeOutput("hello"))
                .isEqualTo(HpcJobPhase.SUCCEEDED);
        assertThat(hello.getStatus().getExitCode()).isZero();
        assertThat(site.lines("hello", "hello from inside the container:"))
                .as(site.describeOutput("hello"))
                .containsExactly("hello from inside the container: hpcenv demo image (busybox), site " + world.run);
        HpcJob failed = world.awaitEnded("fail-with-3", RUN, () -> site.describeOutput("fail-with-3"));
        assertThat(failed.getStatus().getPhase())
                .as(site.describeOutput("fail-with-3"))
                .isEqualTo(HpcJobPhase.FAILED);
        assertThat(failed.getStatus().getExitCode()).isEqualTo(3);
        assertThat(condition(failed.getStatus().getConditions(), "Failed"))
                .map(Condition::getStatus)
                .contains("True");
        assertThat(site.read(site.output("fail-with-3"))).contains("about to fail with exit code 3");
        // and it recorded Events about the jobs, and lets a finished job go (its finalizer removed)
        Await.until(
                "Events about HpcJob hello",
                WAIT,
                () -> !client.v1()
                        .events()
                        .inNamespace(ns)
                        .withField("involvedObject.name", "hello")
                        .list()
                        .getItems()
                        .isEmpty(),
                operator::log);
        client.resource(hello).delete();
        Await.until(
                "HpcJob hello gone",
                WAIT,
                () -> world.job(ns, "hello") == null,
                () -> RealSlurmWorld.asYaml(world.job(ns, "hello")));
        // and the operator renewed its Lease (fabric8's lock patches it), and the API server refused it
        // nothing it needed (the unlisted Secret's test aside)
        awaitLeaseRenewed();
        assertThat(operator.log()
                        .lines()
                        .filter(l -> !l.contains(UNLISTED_SECRET) && !l.contains(unlistedCluster))
                        .filter(l -> DENIAL.matcher(l).find())
                        .toList())
                .as("RBAC denials in the operator's log: each is a chart bug")
                .isEmpty();
        assertThat(operator.isAlive()).isTrue();
    }

    @Test
    void aSecretTheChartDoesNotListIsRefusedAndTheOperatorSaysSoWithoutItsValue() throws IOException {
        // Given: the local Slurm's real key in a Secret that rbac.secretAccess does not name, so the
        // cluster would be Ready if the API server let the operator read it
        KubernetesClient client = world.client();
        byte[] key = Files.readAllBytes(cluster.slurm().jwtKey());
        String encoded = Base64.getEncoder().encodeToString(key);
        client.secrets()
                .inNamespace(world.systemNamespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(UNLISTED_SECRET)
                        .endMetadata()
                        .withData(Map.of("jwt_hs256.key", encoded))
                        .build())
                .create();
        SlurmCluster unlisted = new SlurmCluster();
        unlisted.setMetadata(new ObjectMetaBuilder().withName(unlistedCluster).build());
        SlurmClusterSpec spec = new SlurmClusterSpec();
        spec.setUrl(cluster.slurm().url().toString());
        SlurmAuth auth = new SlurmAuth();
        auth.setJwtKeySecretRef(new SecretKeyRef(world.systemNamespace, UNLISTED_SECRET, "jwt_hs256.key"));
        spec.setAuth(auth);
        spec.setUserMappings(new ArrayList<>(
                List.of(new UserMapping(world.mappedNamespace, cluster.slurm().user(), null))));
        spec.setSyncIntervalSeconds(1);
        unlisted.setSpec(spec);
        // When
        client.resource(unlisted).create();
        // Then
        Await.until(
                "SlurmCluster " + unlistedCluster + " Ready=False",
                WAIT,
                () -> readyCondition(unlistedCluster).isPresent(),
                () -> RealSlurmWorld.asYaml(client.resources(SlurmCluster.class)
                        .withName(unlistedCluster)
                        .get()));
        Condition ready = readyCondition(unlistedCluster).orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("SecretForbidden");
        assertThat(ready.getMessage())
                .contains("may not read")
                .contains(world.systemNamespace + "/" + UNLISTED_SECRET)
                .contains("rbac.secretAccess");
        // The API server decided: the release's ServiceAccount itself gets 403 for that Secret
        try (KubernetesClient asOperator =
                plane.api().clientAsServiceAccount(chart.namespace(), chart.serviceAccount())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> asOperator
                            .secrets()
                            .inNamespace(world.systemNamespace)
                            .withName(UNLISTED_SECRET)
                            .get())
                    .isInstanceOfSatisfying(
                            io.fabric8.kubernetes.client.KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
        }
        String status = Serialization.asYaml(
                client.resources(SlurmCluster.class).withName(unlistedCluster).get());
        String events = Serialization.asYaml(client.v1()
                .events()
                .inAnyNamespace()
                .withField("involvedObject.name", unlistedCluster)
                .list());
        for (String text : List.of(status, events, operator.log())) {
            assertThat(text).doesNotContain(encoded);
        }
        // and the operator goes on: it is alive and the listed cluster stays Ready
        assertThat(operator.isAlive()).as(operator.log()).isTrue();
        world.awaitClusterReady();
    }

    private HpcJob job(String name, String script) {
        HpcJob job = new HpcJob();
        job.setMetadata(new ObjectMetaBuilder()
                .withNamespace(world.mappedNamespace)
                .withName(name)
                .build());
        HpcJobSpec spec = new HpcJobSpec();
        spec.setEnvironmentRef(new EnvironmentRef("demo-busybox", EnvironmentKind.HPC_ENVIRONMENT));
        spec.setClusterRef(new ClusterRef(world.clusterName));
        spec.setCommand(new ArrayList<>(List.of("sh", "-c", script)));
        JobResources resources = new JobResources();
        resources.setTimeLimit("5m");
        spec.setResources(resources);
        spec.setOutput(site.output(name).toString());
        job.setSpec(spec);
        return job;
    }

    private void awaitReady(String what, Supplier<Optional<List<Condition>>> conditions) {
        Await.until(
                what + " Ready",
                WAIT,
                () -> conditions
                        .get()
                        .flatMap(c -> condition(c, "Ready"))
                        .map(c -> "True".equals(c.getStatus()))
                        .orElse(false),
                () -> conditions.get() + "\n" + plane.diagnostics());
    }

    /** The leader has renewed the chart's Lease at least once since it acquired it. */
    private void awaitLeaseRenewed() {
        Supplier<Lease> lease = () -> world.client()
                .leases()
                .inNamespace(chart.namespace())
                .withName("hpcenv-operator")
                .get();
        Await.until(
                "Lease " + chart.namespace() + "/hpcenv-operator renewed",
                WAIT,
                () -> {
                    Lease l = lease.get();
                    return l != null
                            && l.getSpec().getAcquireTime() != null
                            && l.getSpec().getRenewTime() != null
                            && l.getSpec().getRenewTime().isAfter(l.getSpec().getAcquireTime());
                },
                () -> RealSlurmWorld.asYaml(lease.get()) + "\n" + operator.log());
    }

    private Optional<Condition> readyCondition(String clusterName) {
        SlurmCluster c = world.client()
                .resources(SlurmCluster.class)
                .withName(clusterName)
                .get();
        return c == null || c.getStatus() == null
                ? Optional.empty()
                : condition(c.getStatus().getConditions(), "Ready");
    }

    /** The test's own cluster-scoped objects (the world deletes its SlurmCluster); finalizers go first. */
    private void deleteClusterScoped(KubernetesClient client) {
        var cluster = client.resources(SlurmCluster.class).withName(unlistedCluster);
        if (cluster.get() != null) {
            cluster.edit(c -> {
                c.getMetadata().setFinalizers(new ArrayList<>());
                return c;
            });
            cluster.delete();
        }
        client.resources(ClusterHpcEnvironment.class).withName(siteEnvironment).delete();
    }
}
