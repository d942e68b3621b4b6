package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentStatus;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.SiteEnvironmentRef;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.SlurmClusterStatus;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterCredentials;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One HpcJob offered two SlurmClusters (docs/workflows.md, section 5): placement by spec.clusterRef.names,
 * recorded before the submit and kept after it, NoClusterReady, and each cluster's site layer beneath
 * the same HpcEnvironment.
 */
class OneJobTwoClustersTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeSlurmClient alpsSlurm = new FakeSlurmClient(clock, ApiVersion.V0_0_38);
    private final FakeSlurmClient eigerSlurm = new FakeSlurmClient(clock, ApiVersion.V0_0_38);
    private final SlurmCluster alps = cluster("alps", "alps-ucx");
    private final SlurmCluster eiger = cluster("eiger", "eiger-mpich");
    private final MapLookups lookups = new MapLookups()
            .add(alps)
            .add(eiger)
            .add(appEnvironment())
            .add(siteEnvironment("alps-ucx", Map.of("UCX_TLS", "rc,sm", "APP_MODE", "site")))
            .add(siteEnvironment("eiger-mpich", Map.of("MPICH_GPU_SUPPORT_ENABLED", "1", "APP_MODE", "site")));
    private final RecordingEvents events = new RecordingEvents();
    private final ClusterJobSync sync = ClusterJobSync.manual(clock);
    private final ClusterRegistry registry = new ClusterRegistry(sync);
    private final ClusterConnection alpsConnection = connection(alps, alpsSlurm);
    private final ClusterConnection eigerConnection = connection(eiger, eigerSlurm);
    private final HpcJobReconciler reconciler = new HpcJobReconciler(
            new HpcJobEventSources(sync),
            lookups,
            new FakeHpcJobWrites(),
            registry,
            new JobSubmissionBuilder("/tmp"),
            events,
            new OperatorMetrics(),
            clock,
            DeniedUsers.DEFAULT,
            new UnreadableResources(),
            NodeProgress.NONE);

    OneJobTwoClustersTest() {
        registry.put(alpsConnection);
        registry.put(eigerConnection);
        setReady(alps, false);
        setReady(eiger, true);
        listBoth();
    }

    @Test
    void placesOnTheFirstReadyClusterAndRecordsItBeforeSubmitting() {
        // Given
        HpcJob job = job("osu", ClusterRef.ofNames(List.of("alps", "eiger")));
        reconciler.decideAndAct(job);
        String recordedBeforeSubmit = job.getStatus().getCluster();
        int submitsWhenPlaced = eigerSlurm.submitCalls.get();
        // When
        reconciler.decideAndAct(job);
        // Then
        assertThat(recordedBeforeSubmit).isEqualTo("eiger");
        assertThat(submitsWhenPlaced).isZero();
        assertThat(eigerSlurm.submitCalls).hasValue(1);
        assertThat(alpsSlurm.submitCalls).hasValue(0);
        assertThat(job.getStatus().getPhase()).isEqualTo(HpcJobPhase.SUBMITTED);
        assertThat(job.getStatus().getCluster()).isEqualTo("eiger");
        assertThat(events.reasons()).contains("Placed", "Submitted");
    }

    @Test
    void neverMovesASubmittedJob() {
        // Given: submitted on eiger while alps was down
        HpcJob job = job("osu", ClusterRef.ofNames(List.of("alps", "eiger")));
        reconciler.decideAndAct(job);
        reconciler.decideAndAct(job);
        // When: the preferred cluster comes back
        setReady(alps, true);
        listBoth();
        reconciler.decideAndAct(job);
        reconciler.decideAndAct(job);
        // Then
        assertThat(job.getStatus().getCluster()).isEqualTo("eiger");
        assertThat(alpsSlurm.submitCalls).hasValue(0);
        assertThat(eigerSlurm.submitCalls).hasValue(1);
    }

    @Test
    void waitsWithNoClusterReadyUntilOneIs() {
        // Given
        setReady(eiger, false);
        HpcJob job = job("osu", ClusterRef.ofNames(List.of("alps", "eiger")));
        reconciler.decideAndAct(job);
        Condition waiting = condition(job, ConditionType.SUBMITTED);
        String clusterWhileWaiting = job.getStatus().getCluster();
        // When
        setReady(eiger, true);
        reconciler.decideAndAct(job);
        reconciler.decideAndAct(job);
        // Then
        assertThat(waiting.getReason()).isEqualTo("NoClusterReady");
        assertThat(waiting.getMessage())
                .contains("alps: not Ready (Unreachable: down)", "eiger: not Ready (Unreachable: down)");
        assertThat(clusterWhileWaiting).isNull();
        assertThat(job.getStatus().getCluster()).isEqualTo("eiger");
        assertThat(eigerSlurm.submitCalls).hasValue(1);
    }

    @Test
    void aChoiceTheSpecNoLongerOffersIsDroppedBeforeSubmission() {
        // Given: placed on eiger, not submitted yet
        HpcJob job = job("osu", ClusterRef.ofNames(List.of("alps", "eiger")));
        reconciler.decideAndAct(job);
        String placed = job.getStatus().getCluster();
        // When: the user takes eiger out of the list
        job.getSpec().setClusterRef(ClusterRef.ofNames(List.of("alps")));
        reconciler.decideAndAct(job);
        // Then: no stale cluster keys the job, which waits for alps
        assertThat(placed).isEqualTo("eiger");
        assertThat(job.getStatus().getCluster()).isNull();
        assertThat(condition(job, ConditionType.SUBMITTED).getReason()).isEqualTo("NoClusterReady");
        assertThat(JobIndexes.cluster(job)).containsExactly("alps");
        assertThat(eigerSlurm.submitCalls).hasValue(0);
    }

    @Test
    void theSameJobGetsEachClustersSiteLayerBeneathItsEnvironment() {
        // Given: the same job (same HpcEnvironment) sent to each cluster by name
        setReady(alps, true);
        HpcJob onAlps = job("osu-alps", new ClusterRef("alps"));
        HpcJob onEiger = job("osu-eiger", new ClusterRef("eiger"));
        // When
        reconciler.decideAndAct(onAlps);
        reconciler.decideAndAct(onEiger);
        // Then
        String alpsSpec = alpsSlurm.submissions().get(0).environment().get(BatchScript.SPEC_VARIABLE);
        String eigerSpec = eigerSlurm.submissions().get(0).environment().get(BatchScript.SPEC_VARIABLE);
        assertThat(alpsSpec).contains("\"UCX_TLS\":\"rc,sm\"").doesNotContain("MPICH_GPU_SUPPORT_ENABLED");
        assertThat(eigerSpec).contains("\"MPICH_GPU_SUPPORT_ENABLED\":\"1\"").doesNotContain("UCX_TLS");
        // The job's own layer overrides the site's by the EDF rules.
        assertThat(alpsSpec).contains("\"APP_MODE\":\"user\"").doesNotContain("\"APP_MODE\":\"site\"");
        assertThat(onAlps.getStatus().getSiteEnvironment().getName()).isEqualTo("alps-ucx");
        assertThat(onAlps.getStatus().getSiteEnvironment().getDigest()).isEqualTo("sha256:alps-ucx");
        assertThat(onEiger.getStatus().getSiteEnvironment().getName()).isEqualTo("eiger-mpich");
        assertThat(onAlps.getStatus().getEnvironmentDigest())
                .isNotEqualTo(onEiger.getStatus().getEnvironmentDigest())
                .isNotEqualTo("sha256:app");
        assertThat(events.all())
                .filteredOn(e -> e.reason().equals("SiteEnvironment"))
                .extracting(RecordingEvents.Recorded::message)
                .anySatisfy(m -> assertThat(m).contains("SlurmCluster eiger", "ClusterHpcEnvironment eiger-mpich"));
    }

    @Test
    void aMissingSiteEnvironmentMakesTheJobWait() {
        // Given
        eiger.getSpec().setSiteEnvironment(new SiteEnvironmentRef("not-there"));
        HpcJob job = job("osu", new ClusterRef("eiger"));
        // When
        reconciler.decideAndAct(job);
        // Then
        Condition env = condition(job, ConditionType.ENVIRONMENT_READY);
        assertThat(env.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(env.getReason()).isEqualTo("EnvironmentNotFound");
        assertThat(env.getMessage())
                .contains("site environment ClusterHpcEnvironment not-there of SlurmCluster eiger does not exist");
        assertThat(eigerSlurm.submitCalls).hasValue(0);
    }

    @Test
    void aSiteEnvironmentThatIsNotReadyMakesTheJobWait() {
        // Given
        lookups.clusterScoped("eiger-mpich").orElseThrow().getMetadata().setGeneration(2L);
        HpcJob job = job("osu", new ClusterRef("eiger"));
        // When
        reconciler.decideAndAct(job);
        // Then
        Condition env = condition(job, ConditionType.ENVIRONMENT_READY);
        assertThat(env.getReason()).isEqualTo("EnvironmentNotReady");
        assertThat(env.getMessage())
                .isEqualTo("the site environment ClusterHpcEnvironment eiger-mpich of SlurmCluster eiger changed and "
                        + "is being resolved again");
        assertThat(eigerSlurm.submitCalls).hasValue(0);
    }

    private void listBoth() {
        clock.advance(Duration.ofSeconds(10));
        sync.listOnce(alpsConnection);
        sync.listOnce(eigerConnection);
    }

    private static HpcJob job(String name, ClusterRef ref) {
        return Resources.job(name, spec -> {
            spec.setClusterRef(ref);
            spec.getEnvironmentRef().setName("app");
        });
    }

    private static SlurmCluster cluster(String name, String site) {
        SlurmCluster c = Resources.cluster(spec -> spec.setSiteEnvironment(new SiteEnvironmentRef(site)));
        c.getMetadata().setName(name);
        return c;
    }

    private static void setReady(SlurmCluster cluster, boolean ready) {
        SlurmClusterStatus status = new SlurmClusterStatus();
        status.setConditions(new ArrayList<>(List.of(
                ready
                        ? new Condition("Ready", Condition.TRUE, "Ready", "jobs can be submitted")
                        : new Condition("Ready", Condition.FALSE, "Unreachable", "down"))));
        cluster.setStatus(status);
    }

    private ClusterConnection connection(SlurmCluster cluster, FakeSlurmClient slurm) {
        return new ClusterConnection(
                cluster.getMetadata().getName(),
                cluster.getSpec(),
                ClusterCredentials.from(
                        cluster.getSpec().getAuth(), "k".repeat(32).getBytes(StandardCharsets.UTF_8)),
                "1/test",
                config -> slurm.asUser(config.user()),
                new OperatorMetrics());
    }

    /** The user's HpcEnvironment, Ready: an image and one variable that a site layer also sets. */
    private static dev.hpcenv.crd.v1alpha1.HpcEnvironment appEnvironment() {
        var env = Resources.environment(Resources.NAMESPACE, "app", s -> {
            s.setImage("registry.example.org/osu:7.4");
            s.setEnv(new LinkedHashMap<>(Map.of("APP_MODE", "user")));
        });
        ResolvedEnvironment resolved = new ResolvedEnvironment();
        resolved.setImage("registry.example.org/osu:7.4");
        env.setStatus(readyStatus(resolved, "sha256:app"));
        return env;
    }

    private static ClusterHpcEnvironment siteEnvironment(String name, Map<String, String> vars) {
        ClusterHpcEnvironment env = Resources.clusterEnvironment(name, s -> s.setEnv(new LinkedHashMap<>(vars)));
        env.setStatus(readyStatus(new ResolvedEnvironment(), "sha256:" + name));
        return env;
    }

    private static EnvironmentStatus readyStatus(ResolvedEnvironment resolved, String digest) {
        EnvironmentStatus status = new EnvironmentStatus();
        status.setResolved(resolved);
        status.setDigest(digest);
        status.setObservedGeneration(1L);
        Condition ready = new Condition("Ready", Condition.TRUE, "Resolved", "resolved");
        ready.setLastTransitionTime("2026-01-01T00:00:00Z");
        status.setConditions(new ArrayList<>(List.of(ready)));
        return status;
    }

    private static Condition condition(HpcJob job, ConditionType type) {
        return ConditionsView.find(job.getStatus().getConditions(), type).orElseThrow();
    }
}
