package dev.hpcenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.ClusterDefaults;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.SecretKeyRef;
import dev.hpcenv.crd.v1alpha1.SiteEnvironmentRef;
import dev.hpcenv.crd.v1alpha1.SlurmAuth;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.SlurmClusterSpec;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.real.LocalCluster;
import dev.hpcenv.slurm.real.LocalClusterExtension;
import dev.hpcenv.slurm.real.LocalSlurm;
import dev.hpcenv.slurm.real.LocalSlurmExtension;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One job, two differently built systems (docs/workflows.md, section 5): the same HpcJob, in the same
 * HpcEnvironment, on the 3-node local Slurm (dev/slurm-nodes.sh) and on the one-node local Slurm
 * (dev/slurm-local.sh), two SlurmClusters whose site layers (ClusterHpcEnvironments) set different
 * MPI settings. The operator runs in a process of its own and the shim on the nodes prints what the
 * container sees. Both Slurm instances see the multi-node cluster's shared directory (the one-node
 * instance runs on the host), so one site installation of the shim serves both.
 */
@ExtendWith({LocalClusterExtension.class, LocalSlurmExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteLayersE2eIT {

    /** A cold image store on the shared directory: the first job pulls and converts the image. */
    private static final Duration RUN = Duration.ofSeconds(120);

    private static final String PRINT = "echo \"site MPICH_GPU_SUPPORT_ENABLED=${MPICH_GPU_SUPPORT_ENABLED:-unset}"
            + " UCX_TLS=${UCX_TLS:-unset} FI_PROVIDER=${FI_PROVIDER:-unset} APP_MODE=${APP_MODE:-unset}\"";

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalCluster nodes;
    private final LocalSlurm single;
    private final SlurmClient singleClient;
    private RealSlurmWorld world;
    private ClusterSite site;
    private String singleCluster;
    private String downCluster;

    SiteLayersE2eIT(LocalCluster nodes, LocalSlurm single) {
        this.nodes = nodes;
        this.single = single;
        this.singleClient = single.client();
    }

    @BeforeAll
    void start() throws IOException {
        world = RealSlurmWorld.start(nodes.slurm(), logs);
        site = ClusterSite.start(nodes, world);
        world.useShim(site.wrapper.toString());
        singleCluster = world.clusterName + "-single";
        downCluster = world.clusterName + "-down";
        var client = world.client();
        // The site layers: an MPICH stack with libfabric on the nodes, UCX on the single node. Both set
        // APP_MODE, which the user's environment overrides.
        client.resource(siteEnvironment(
                        world.run + "-cray-mpich",
                        Map.of("MPICH_GPU_SUPPORT_ENABLED", "1", "FI_PROVIDER", "tcp", "APP_MODE", "site"),
                        Map.of("com.hooks.cxi.enabled", "false")))
                .create();
        client.resource(siteEnvironment(
                        world.run + "-ucx",
                        Map.of("UCX_TLS", "self,tcp", "APP_MODE", "site"),
                        Map.of("com.hooks.cxi.enabled", "false")))
                .create();
        client.resources(SlurmCluster.class).withName(world.clusterName).edit(c -> {
            c.getSpec().setSiteEnvironment(new SiteEnvironmentRef(world.run + "-cray-mpich"));
            return c;
        });
        client.secrets()
                .inNamespace(world.systemNamespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("slurm-jwt-single")
                        .endMetadata()
                        .withData(Map.of(
                                "jwt_hs256.key",
                                Base64.getEncoder().encodeToString(Files.readAllBytes(single.jwtKey()))))
                        .build())
                .create();
        client.resource(cluster(singleCluster, single.url().toString(), world.run + "-ucx"))
                .create();
        // Nothing listens there: never Ready.
        client.resource(cluster(downCluster, "http://127.0.0.1:9", world.run + "-ucx"))
                .create();
        client.resource(userEnvironment()).create();
        world.startOperator("operator-sites", Map.of());
        world.awaitClusterReady();
    }

    @AfterEach
    void cancelLeftovers() {
        world.cancelSlurmJobs();
        for (JobInfo job : singleClient.listJobs(Optional.empty())) {
            if (job.name() != null
                    && job.name().startsWith(world.run + "-")
                    && !job.state().isTerminal()) {
                singleClient.cancel(job.jobId());
            }
        }
    }

    @AfterAll
    void stop() {
        Closing.inOrder(world, site);
    }

    @Test
    void theSameJobPrintsEachSitesMpiSettings() {
        // Given: the same HpcJob, only its name and clusterRef differ
        HpcJob onNodes = job("osu-nodes", new ClusterRef(world.clusterName));
        HpcJob onSingle = job("osu-single", new ClusterRef(singleCluster));
        // When
        world.create(onNodes);
        world.create(onSingle);
        // Then
        HpcJob doneOnNodes = world.awaitEnded("osu-nodes", RUN, () -> site.describeOutput("osu-nodes"));
        HpcJob doneOnSingle = world.awaitEnded("osu-single", RUN, () -> site.describeOutput("osu-single"));
        assertThat(doneOnNodes.getStatus().getPhase())
                .as(site.describeOutput("osu-nodes"))
                .isEqualTo(HpcJobPhase.SUCCEEDED);
        assertThat(doneOnSingle.getStatus().getPhase())
                .as(site.describeOutput("osu-single"))
                .isEqualTo(HpcJobPhase.SUCCEEDED);
        assertThat(site.lines("osu-nodes", "site "))
                .as(site.describeOutput("osu-nodes"))
                .hasSize(2)
                .containsOnly("site MPICH_GPU_SUPPORT_ENABLED=1 UCX_TLS=unset FI_PROVIDER=tcp APP_MODE=user");
        assertThat(site.lines("osu-single", "site "))
                .as(site.describeOutput("osu-single"))
                .containsExactly(
                        "site MPICH_GPU_SUPPORT_ENABLED=unset UCX_TLS=self,tcp FI_PROVIDER=unset APP_MODE=user");
        assertThat(doneOnNodes.getStatus().getNodes()).hasSize(2).isSubsetOf(nodes.nodes());
        assertThat(doneOnSingle.getStatus().getNodes()).isNotEmpty().doesNotContainAnyElementsOf(nodes.nodes());
        assertThat(doneOnNodes.getStatus().getCluster()).isEqualTo(world.clusterName);
        assertThat(doneOnSingle.getStatus().getCluster()).isEqualTo(singleCluster);
        assertThat(doneOnNodes.getStatus().getSiteEnvironment().getName()).isEqualTo(world.run + "-cray-mpich");
        assertThat(doneOnSingle.getStatus().getSiteEnvironment().getName()).isEqualTo(world.run + "-ucx");
        assertThat(doneOnNodes.getStatus().getSiteEnvironment().getDigest()).startsWith("sha256:");
        assertThat(doneOnNodes.getStatus().getEnvironmentDigest())
                .isNotEqualTo(doneOnSingle.getStatus().getEnvironmentDigest());
        assertThat(eventReasons("osu-single")).contains("SiteEnvironment");
    }

    @Test
    void aListOfClustersPassesOverOneThatIsNotReady() {
        // Given: the preferred cluster is down
        HpcJob job = job("osu-names", ClusterRef.ofNames(List.of(downCluster, singleCluster)));
        // When
        world.create(job);
        // Then
        HpcJob done = world.awaitEnded("osu-names", RUN, () -> site.describeOutput("osu-names"));
        assertThat(done.getStatus().getPhase())
                .as(site.describeOutput("osu-names"))
                .isEqualTo(HpcJobPhase.SUCCEEDED);
        assertThat(done.getStatus().getCluster()).isEqualTo(singleCluster);
        assertThat(site.lines("osu-names", "site "))
                .containsExactly(
                        "site MPICH_GPU_SUPPORT_ENABLED=unset UCX_TLS=self,tcp FI_PROVIDER=unset APP_MODE=user");
        assertThat(eventReasons("osu-names")).contains("Placed");
    }

    private List<String> eventReasons(String job) {
        List<String> reasons = new ArrayList<>();
        Await.until(
                "events of " + job,
                RealSlurmWorld.WAIT,
                () -> {
                    reasons.clear();
                    world.client().v1().events().inNamespace(world.mappedNamespace).list().getItems().stream()
                            .filter(e -> job.equals(e.getInvolvedObject().getName()))
                            .forEach(e -> reasons.add(e.getReason()));
                    return reasons.contains("Submitted");
                },
                () -> reasons.toString());
        return reasons;
    }

    /** The user's environment: the demo image, the shared output directory, and its own APP_MODE. */
    private HpcEnvironment userEnvironment() {
        HpcEnvironment env = new HpcEnvironment();
        env.setMetadata(new ObjectMetaBuilder()
                .withNamespace(world.mappedNamespace)
                .withName("osu")
                .build());
        EnvironmentSpec spec = new EnvironmentSpec();
        spec.setImage(site.image);
        spec.setMounts(new ArrayList<>(
                List.of(new Mount(site.output.toString(), "/shared", MountType.BIND, new ArrayList<>()))));
        spec.setEnv(new LinkedHashMap<>(Map.of("APP_MODE", "user")));
        env.setSpec(spec);
        return env;
    }

    /** The same job on every cluster: two nodes where the cluster has them, one task per node. */
    private HpcJob job(String name, ClusterRef ref) {
        HpcJob job = site.job(world.mappedNamespace, name, 1, 1, PRINT, world.run + "-" + name);
        job.getSpec().setEnvironment(null);
        job.getSpec().setEnvironmentRef(new EnvironmentRef("osu", EnvironmentKind.HPC_ENVIRONMENT));
        job.getSpec().setClusterRef(ref);
        if (ref.getName() != null && ref.getName().equals(world.clusterName)) {
            job.getSpec().getResources().setNodes(2);
        }
        return job;
    }

    private static ClusterHpcEnvironment siteEnvironment(
            String name, Map<String, String> env, Map<String, String> annotations) {
        ClusterHpcEnvironment site = new ClusterHpcEnvironment();
        site.setMetadata(new ObjectMetaBuilder().withName(name).build());
        EnvironmentSpec spec = new EnvironmentSpec();
        spec.setEnv(new LinkedHashMap<>(env));
        spec.setAnnotations(new LinkedHashMap<>(annotations));
        site.setSpec(spec);
        return site;
    }

    private SlurmCluster cluster(String name, String url, String siteEnvironment) {
        SlurmCluster cluster = new SlurmCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).build());
        SlurmClusterSpec spec = new SlurmClusterSpec();
        spec.setUrl(url);
        SlurmAuth auth = new SlurmAuth();
        auth.setJwtKeySecretRef(new SecretKeyRef(world.systemNamespace, "slurm-jwt-single", "jwt_hs256.key"));
        spec.setAuth(auth);
        spec.setUserMappings(new ArrayList<>(List.of(new UserMapping(world.mappedNamespace, single.user(), null))));
        spec.setSyncIntervalSeconds(1);
        ClusterDefaults defaults = new ClusterDefaults();
        defaults.setShimPath(site.wrapper.toString());
        spec.setDefaults(defaults);
        spec.setSiteEnvironment(new SiteEnvironmentRef(siteEnvironment));
        cluster.setSpec(spec);
        return cluster;
    }
}
