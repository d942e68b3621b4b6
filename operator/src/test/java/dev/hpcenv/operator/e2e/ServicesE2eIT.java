package dev.hpcenv.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.JobService;
import dev.hpcenv.crd.v1alpha1.LogEndpoint;
import dev.hpcenv.crd.v1alpha1.ServicePhase;
import dev.hpcenv.crd.v1alpha1.ServicePlacement;
import dev.hpcenv.crd.v1alpha1.ServiceReadiness;
import dev.hpcenv.crd.v1alpha1.ServiceState;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.slurm.real.LocalCluster;
import dev.hpcenv.slurm.real.LocalClusterExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Services beside the job (docs/workflows.md), end to end: the operator (a process of its own, with
 * log shipping) submits jobs with spec.services to the 3-node local Slurm, the real hpcenv-shim runs
 * {@code hpcenv-shim job} on the batch node and a supervisor on each node, and the supervisors'
 * events come back as status.services, ServicesHealthy and the job's reason. Needs the node-shim
 * side of issue 17 ({@code hpcenv-shim job} and {@code services}).
 */
@ExtendWith(LocalClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServicesE2eIT {

    private static final Duration RUN = Duration.ofSeconds(150);

    @RegisterExtension
    final OperatorLogs logs = new OperatorLogs();

    private final LocalCluster cluster;
    private RealSlurmWorld world;
    private ClusterSite site;

    ServicesE2eIT(LocalCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeAll
    void start() throws IOException {
        world = RealSlurmWorld.start(cluster.slurm(), logs);
        site = ClusterSite.start(cluster, world);
        world.useShim(site.wrapper.toString());
        int ingestPort = freePort();
        world.startOperator(
                "operator-services",
                Map.of(
                        "HPCENV_LOG_DIR", world.dir().resolve("job-logs").toString(),
                        "HPCENV_LOG_INGEST_PORT", Integer.toString(ingestPort),
                        "HPCENV_LOG_API_PORT", Integer.toString(freePort()),
                        "HPCENV_LOG_API_ADDRESS", "127.0.0.1"));
        world.client().resources(SlurmCluster.class).withName(world.clusterName).edit(c -> {
            LogEndpoint endpoint = new LogEndpoint();
            endpoint.setEndpoint("http://" + cluster.hostAddress() + ":" + ingestPort);
            c.getSpec().setLogs(endpoint);
            return c;
        });
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
    void everyNodeAndFirstNodeServicesRunBesideTheTasksWhichSeeThemAndNothingIsLeftAfter() {
        // Given: on 2 nodes a sampler on each node, ready once its file is in the shared directory,
        // and an aggregator on the first node; each task reads its node's sampler file
        String name = "beside";
        String marker = world.run + "-beside-marker";
        JobService sampler = service(
                "sampler", "echo \"sampled on $(hostname)\" > /shared/beside-$(hostname).svc; exec sleep 600", marker);
        sampler.setReady(readiness(List.of("sh", "-c", "test -e /shared/beside-$(hostname).svc"), null, 60));
        JobService aggregator = service("aggregator", "exec sleep 600", marker);
        aggregator.setPlacement(ServicePlacement.FIRST_NODE);
        HpcJob job = site.job(
                world.mappedNamespace,
                name,
                2,
                1,
                "echo \"task $SLURM_PROCID: $(cat /shared/beside-$(hostname).svc)\"",
                marker);
        job.getSpec().setServices(new ArrayList<>(List.of(sampler, aggregator)));
        // When
        world.create(job);
        // Then
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        assertThat(done.getStatus().getPhase()).as(site.describeOutput(name)).isEqualTo(HpcJobPhase.SUCCEEDED);
        List<String> nodes = done.getStatus().getNodes();
        assertThat(site.lines(name, "task "))
                .as(site.describeOutput(name))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("sampled on "));
        HpcJob reported = world.awaitJob(
                world.mappedNamespace,
                name,
                "reporting 3 services stopped",
                j -> j.getStatus().getServices().size() == 3
                        && j.getStatus().getServices().stream().allMatch(s -> s.getState() == ServicePhase.STOPPED));
        assertThat(reported.getStatus().getServices())
                .extracting(s -> s.getName() + "@" + s.getNode())
                .containsExactlyInAnyOrder(
                        "aggregator@" + nodes.get(0), "sampler@" + nodes.get(0), "sampler@" + nodes.get(1));
        assertThat(reported.getStatus().getServices())
                .allSatisfy(s -> assertThat(s.getOutput()).endsWith("-" + s.getName() + "-" + s.getNode() + ".out"));
        assertThat(condition(reported, ConditionType.SERVICES_HEALTHY).getStatus())
                .isEqualTo(Condition.TRUE);
        site.awaitNothingLeft(nodes, marker, RealSlurmWorld.WAIT);
    }

    @Test
    void aReadinessCheckThatNeverSucceedsFailsTheJobWithServiceNotReady() {
        // Given: a service whose port nobody opens, with a 3 s timeout
        String name = "not-ready";
        String marker = world.run + "-not-ready-marker";
        JobService db = service("db", "exec sleep 600", marker);
        db.setReady(readiness(null, 9, 3));
        HpcJob job = site.job(world.mappedNamespace, name, 1, 1, "echo task ran", marker);
        job.getSpec().setServices(new ArrayList<>(List.of(db)));
        // When
        world.create(job);
        // Then
        HpcJob failed = world.awaitJob(
                world.mappedNamespace,
                name,
                "Failed with reason ServiceNotReady",
                j -> j.getStatus() != null
                        && j.getStatus().getPhase() == HpcJobPhase.FAILED
                        && condition(j, ConditionType.FAILED) != null
                        && "ServiceNotReady"
                                .equals(condition(j, ConditionType.FAILED).getReason()));
        assertThat(failed.getStatus().getExitCode()).isEqualTo(125);
        assertThat(condition(failed, ConditionType.FAILED).getMessage()).startsWith("service db on node ");
        assertThat(site.lines(name, "task ran")).as(site.describeOutput(name)).isEmpty();
        site.awaitNothingLeft(failed.getStatus().getNodes(), marker, RealSlurmWorld.WAIT);
    }

    @Test
    void aRequiredServiceThatEndsEarlyFailsTheJobWithServiceFailed() {
        // Given: a required service that exits 3 after 2 s beside a task that would run 10 minutes
        String name = "required-ends";
        String marker = world.run + "-required-marker";
        JobService agg = service("agg", "sleep 2; exit 3", marker);
        agg.setRequired(true);
        HpcJob job = site.job(world.mappedNamespace, name, 1, 1, "sleep 600", marker);
        job.getSpec().setServices(new ArrayList<>(List.of(agg)));
        // When
        world.create(job);
        // Then
        HpcJob failed = world.awaitJob(
                world.mappedNamespace,
                name,
                "Failed with reason ServiceFailed",
                j -> j.getStatus() != null
                        && j.getStatus().getPhase() == HpcJobPhase.FAILED
                        && condition(j, ConditionType.FAILED) != null
                        && "ServiceFailed"
                                .equals(condition(j, ConditionType.FAILED).getReason()));
        assertThat(failed.getStatus().getExitCode()).isEqualTo(125);
        assertThat(failed.getStatus().getServices()).singleElement().satisfies(s -> {
            assertThat(s.getState()).isEqualTo(ServicePhase.EXITED);
            assertThat(s.getExitCode()).isEqualTo(3);
        });
        site.awaitNothingLeft(failed.getStatus().getNodes(), marker, RealSlurmWorld.WAIT);
    }

    @Test
    void anOptionalServiceThatEndsEarlyLeavesTheJobRunningAndSaysSo() {
        // Given: an optional service that exits 1 after 1 s beside a task of 8 s
        String name = "optional-ends";
        String marker = world.run + "-optional-marker";
        HpcJob job = site.job(world.mappedNamespace, name, 1, 1, "sleep 8; echo task done", marker);
        job.getSpec().setServices(new ArrayList<>(List.of(service("sampler", "sleep 1; exit 1", marker))));
        // When
        world.create(job);
        // Then
        HpcJob done = world.awaitEnded(name, RUN, () -> site.describeOutput(name));
        assertThat(done.getStatus().getPhase()).as(site.describeOutput(name)).isEqualTo(HpcJobPhase.SUCCEEDED);
        HpcJob reported = world.awaitJob(
                world.mappedNamespace,
                name,
                "ServicesHealthy False with reason ServiceExited",
                j -> condition(j, ConditionType.SERVICES_HEALTHY) != null
                        && "ServiceExited"
                                .equals(condition(j, ConditionType.SERVICES_HEALTHY)
                                        .getReason()));
        assertThat(condition(reported, ConditionType.SERVICES_HEALTHY).getStatus())
                .isEqualTo(Condition.FALSE);
        assertThat(reported.getStatus().getServices())
                .extracting(ServiceState::getExitCode)
                .containsExactly(1);
    }

    private static JobService service(String name, String script, String marker) {
        JobService s = new JobService();
        s.setName(name);
        s.setCommand(new ArrayList<>(List.of("sh", "-c", script, marker)));
        s.setTerminationGracePeriodSeconds(2);
        return s;
    }

    private static ServiceReadiness readiness(List<String> command, Integer port, int timeoutSeconds) {
        ServiceReadiness r = new ServiceReadiness();
        r.setCommand(command);
        r.setTcpPort(port);
        r.setTimeoutSeconds(timeoutSeconds);
        return r;
    }

    private static Condition condition(HpcJob job, ConditionType type) {
        return job.getStatus() == null
                ? null
                : job.getStatus().getConditions().stream()
                        .filter(c -> type.wire().equals(c.getType()))
                        .findFirst()
                        .orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
