package dev.hpcenv.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.EnvironmentRef;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.operator.testing.ProjectApi;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real operator (java-operator-sdk, the four reconcilers, the job sync) against the embedded
 * Kubernetes API, with a fake Slurm. Each test uses its own resource names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorEmbeddedApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final FakeSlurmClient slurm = new FakeSlurmClient(Clock.systemUTC(), ApiVersion.V0_0_38);
    private EmbeddedKubernetesApi api;
    private KubernetesClient client;
    private HpcenvOperator operator;

    @BeforeAll
    void start() {
        api = ProjectApi.start();
        client = ProjectApi.client(api);
        for (String ns : List.of(Resources.NAMESPACE, "hpcenv-system", "intruders")) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns)
                            .endMetadata()
                            .build())
                    .create();
        }
        client.secrets()
                .inNamespace("hpcenv-system")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("slurm-jwt")
                        .endMetadata()
                        .withStringData(Map.of("jwt_hs256.key", "k".repeat(32)))
                        .build())
                .create();
        operator = HpcenvOperator.start(
                client,
                config -> slurm.asUser(config.user()),
                OperatorConfig.defaults().withHttp(0, true),
                Clock.systemUTC());
        client.resource(Resources.cluster(s -> {})).create();
        client.resource(Resources.clusterEnvironment("site", s -> s.setImage("registry.local/site:1")))
                .create();
        client.resource(Resources.environment(Resources.NAMESPACE, "pytorch", s -> {
                    s.setBaseEnvironments(new ArrayList<>(List.of("site")));
                    s.getEnv().put("FRAMEWORK", "torch");
                }))
                .create();
        Await.until(
                "SlurmCluster Ready",
                WAIT,
                () -> ready(get(SlurmCluster.class, null, Resources.CLUSTER)),
                () -> get(SlurmCluster.class, null, Resources.CLUSTER).getStatus());
    }

    @AfterAll
    void stop() {
        if (operator != null) {
            operator.close();
        }
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void runsAJobThroughItsPhasesAndCancelsItOnDelete() {
        // Given
        client.resource(Resources.job("train", s -> {})).create();
        HpcJob submitted =
                awaitJob("train", j -> j.getStatus() != null && j.getStatus().getSlurmJobId() != null);
        long slurmJob = submitted.getStatus().getSlurmJobId();
        assertThat(submitted.getMetadata().getFinalizers()).isNotEmpty();
        // The comment marks the job with this installation's id: outside a cluster, the UID of namespace default.
        String installation =
                client.namespaces().withName("default").get().getMetadata().getUid();
        assertThat(slurm.submissionOf(slurmJob).orElseThrow().comment())
                .isEqualTo(
                        "hpcenv:" + installation + ":" + submitted.getMetadata().getUid());
        // When
        slurm.setState(slurmJob, JobState.RUNNING);
        awaitJob("train", j -> j.getStatus().getPhase() == HpcJobPhase.RUNNING);
        client.resources(HpcJob.class)
                .inNamespace(Resources.NAMESPACE)
                .withName("train")
                .delete();
        // Then
        Await.until(
                "HpcJob train gone",
                WAIT,
                () -> find(HpcJob.class, Resources.NAMESPACE, "train") == null,
                () -> find(HpcJob.class, Resources.NAMESPACE, "train"));
        assertThat(slurm.getJob(slurmJob).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(eventReasons("train")).contains("Submitted", "Running", "Cancelled");
    }

    @Test
    void aJobInAnUnmappedNamespaceIsRefused() {
        // Given
        HpcJob job = Resources.job("sneaky", s -> {});
        job.getMetadata().setNamespace("intruders");
        // When
        client.resource(job).create();
        // Then
        HpcJob seen = await(
                HpcJob.class,
                "intruders",
                "sneaky",
                j -> conditionReason(
                                j.getStatus() == null ? null : j.getStatus().getConditions(), "Accepted")
                        != null);
        assertThat(conditionReason(seen.getStatus().getConditions(), "Accepted"))
                .isEqualTo("NamespaceNotMapped");
        assertThat(slurm.submissions())
                .noneMatch(s -> s.comment().endsWith(seen.getMetadata().getUid()));
    }

    @Test
    void aJobWaitsForAMissingBaseAndRunsOnceItIsApplied() {
        // Given
        client.resource(Resources.environment(
                        Resources.NAMESPACE,
                        "needs-base",
                        s -> s.setBaseEnvironments(new ArrayList<>(List.of("late-base")))))
                .create();
        client.resource(Resources.job(
                        "waiter",
                        s -> s.setEnvironmentRef(new EnvironmentRef("needs-base", EnvironmentKind.HPC_ENVIRONMENT))))
                .create();
        HpcJob waiting = awaitJob(
                "waiter",
                j -> "EnvironmentNotReady"
                        .equals(conditionReason(
                                j.getStatus() == null ? null : j.getStatus().getConditions(), "EnvironmentReady")));
        assertThat(waiting.getStatus().getSlurmJobId()).isNull();
        // When
        client.resource(Resources.clusterEnvironment("late-base", s -> s.setImage("registry.local/late:1")))
                .create();
        // Then
        HpcJob submitted = awaitJob("waiter", j -> j.getStatus().getSlurmJobId() != null);
        assertThat(slurm.submissionOf(submitted.getStatus().getSlurmJobId())
                        .orElseThrow()
                        .environment()
                        .get("HPCENV_SPEC"))
                .contains("registry.local/late:1");
    }

    @Test
    void aChangedBaseIsResolvedAgain() {
        // Given
        client.resource(Resources.clusterEnvironment("changing", s -> s.setImage("registry.local/v:1")))
                .create();
        client.resource(Resources.environment(
                        Resources.NAMESPACE,
                        "on-changing",
                        s -> s.setBaseEnvironments(new ArrayList<>(List.of("changing")))))
                .create();
        await(
                HpcEnvironment.class,
                Resources.NAMESPACE,
                "on-changing",
                e -> ready(e)
                        && "registry.local/v:1"
                                .equals(e.getStatus().getResolved().getImage()));
        // When
        client.resources(ClusterHpcEnvironment.class).withName("changing").edit(e -> {
            e.getSpec().setImage("registry.local/v:2");
            return e;
        });
        // Then
        HpcEnvironment updated = await(
                HpcEnvironment.class,
                Resources.NAMESPACE,
                "on-changing",
                e -> ready(e)
                        && "registry.local/v:2"
                                .equals(e.getStatus().getResolved().getImage()));
        assertThat(updated.getStatus().getResolved().getBases())
                .containsExactly("ClusterHpcEnvironment changing", "HpcEnvironment team-a/on-changing");
    }

    @Test
    void suspendCancelsTheSlurmJobAndResumeSubmitsAfresh() {
        // Given
        client.resource(Resources.job("pausable", s -> {})).create();
        long first = awaitJob(
                        "pausable", j -> j.getStatus() != null && j.getStatus().getSlurmJobId() != null)
                .getStatus()
                .getSlurmJobId();
        // When
        client.resources(HpcJob.class)
                .inNamespace(Resources.NAMESPACE)
                .withName("pausable")
                .edit(j -> {
                    j.getSpec().setSuspend(true);
                    return j;
                });
        HpcJob suspended = awaitJob(
                "pausable",
                j -> "Suspended".equals(conditionReason(j.getStatus().getConditions(), "Submitted")));
        client.resources(HpcJob.class)
                .inNamespace(Resources.NAMESPACE)
                .withName("pausable")
                .edit(j -> {
                    j.getSpec().setSuspend(false);
                    return j;
                });
        // Then
        HpcJob resumed = awaitJob(
                "pausable",
                j -> j.getStatus().getSlurmJobId() != null && j.getStatus().getSlurmJobId() != first);
        assertThat(slurm.getJob(first).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(suspended.getStatus().getSlurmJobId()).isNull();
        assertThat(resumed.getMetadata().getAnnotations())
                .containsEntry("hpcenv.dev/retired-slurm-jobs", Long.toString(first));
    }

    private HpcJob awaitJob(String name, Predicate<HpcJob> condition) {
        return await(HpcJob.class, Resources.NAMESPACE, name, condition);
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T await(
            Class<T> type, String namespace, String name, Predicate<T> condition) {
        Await.until(
                type.getSimpleName() + " " + name,
                WAIT,
                () -> {
                    T r = find(type, namespace, name);
                    return r != null && condition.test(r);
                },
                () -> io.fabric8.kubernetes.client.utils.Serialization.asYaml(find(type, namespace, name)));
        return find(type, namespace, name);
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T find(
            Class<T> type, String namespace, String name) {
        return namespace == null
                ? client.resources(type).withName(name).get()
                : client.resources(type).inNamespace(namespace).withName(name).get();
    }

    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(
            Class<T> type, String namespace, String name) {
        return Objects.requireNonNull(find(type, namespace, name), type.getSimpleName() + " " + name);
    }

    private List<String> eventReasons(String involved) {
        return client.v1().events().inNamespace(Resources.NAMESPACE).list().getItems().stream()
                .filter(e -> involved.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .toList();
    }

    private static boolean ready(SlurmCluster c) {
        return c.getStatus() != null
                && "True".equals(conditionStatus(c.getStatus().getConditions(), "Ready"));
    }

    private static boolean ready(HpcEnvironment e) {
        return e.getStatus() != null
                && e.getStatus().getResolved() != null
                && "True".equals(conditionStatus(e.getStatus().getConditions(), "Ready"));
    }

    private static String conditionStatus(List<Condition> conditions, String type) {
        return conditions == null
                ? null
                : conditions.stream()
                        .filter(c -> type.equals(c.getType()))
                        .map(Condition::getStatus)
                        .findFirst()
                        .orElse(null);
    }

    private static String conditionReason(List<Condition> conditions, String type) {
        return conditions == null
                ? null
                : conditions.stream()
                        .filter(c -> type.equals(c.getType()))
                        .map(Condition::getReason)
                        .findFirst()
                        .orElse(null);
    }
}
