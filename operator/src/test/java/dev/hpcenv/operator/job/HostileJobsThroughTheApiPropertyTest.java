package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.operator.HpcenvOperator;
import dev.hpcenv.operator.OperatorConfig;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.operator.testing.ProjectApi;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The hostile HpcJobs of {@link HostileInputPropertyTest}, fewer of them, through the embedded API
 * and the whole operator in this process: each is refused by the API (its schema) or ends Accepted
 * or refused with a field-named reason, and after each a valid job is still submitted.
 */
class HostileJobsThroughTheApiPropertyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static FakeSlurmClient slurm;
    private static EmbeddedKubernetesApi api;
    private static KubernetesClient client;
    private static HpcenvOperator operator;

    @BeforeContainer
    static void start() {
        slurm = new FakeSlurmClient(Clock.systemUTC(), ApiVersion.V0_0_38);
        api = ProjectApi.start();
        client = ProjectApi.client(api);
        for (String ns : List.of(Resources.NAMESPACE, "hpcenv-system")) {
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
        client.resource(Resources.cluster(s -> {})).create();
        client.resource(Resources.clusterEnvironment("site", s -> s.setImage("registry.local/site:1")))
                .create();
        client.resource(Resources.environment(
                        Resources.NAMESPACE, "pytorch", s -> s.setBaseEnvironments(new ArrayList<>(List.of("site")))))
                .create();
        operator = HpcenvOperator.start(
                client, config -> slurm, OperatorConfig.defaults().withHttp(-1, true), Clock.systemUTC());
    }

    @AfterContainer
    static void stop() {
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

    @Provide
    Arbitrary<HpcJob> jobs() {
        return HostileInputPropertyTest.hostileJobs();
    }

    @Property(tries = 15)
    void eachHostileJobIsRefusedByTheApiOrEndsWithAReasonAndTheOperatorGoesOn(@ForAll("jobs") HpcJob job) {
        // Given
        String name = "hostile-" + NAMES.incrementAndGet();
        job.getMetadata().setName(name);
        job.getMetadata().setUid(null);
        // When
        boolean stored;
        try {
            client.resource(job).create();
            stored = true;
        } catch (KubernetesClientException e) {
            assertThat(e.getCode())
                    .as("the API refuses input, it does not fail")
                    .isBetween(400, 499);
            stored = false;
        }
        // Then
        if (stored) {
            Await.until("Accepted of " + name, WAIT, () -> accepted(name).isPresent(), () -> find(name));
            Condition accepted = accepted(name).orElseThrow();
            if (Condition.FALSE.equals(accepted.getStatus())) {
                assertThat(accepted.getMessage())
                        .containsAnyOf("spec", "SlurmCluster")
                        .doesNotContain("\n");
            }
            find(name)
                    .getStatus()
                    .getConditions()
                    .forEach(c -> assertThat(c.getReason()).isNotIn("InternalError", "ClusterUnreachable", "ApiError"));
        }
        String canary = "canary-" + NAMES.get();
        client.resource(Resources.job(canary, s -> {})).create();
        Await.until(
                canary + " submitted",
                WAIT,
                () -> {
                    HpcJob c = find(canary);
                    return c != null && c.getStatus() != null && c.getStatus().getSlurmJobId() != null;
                },
                () -> find(canary));
    }

    private static HpcJob find(String name) {
        return client.resources(HpcJob.class)
                .inNamespace(Resources.NAMESPACE)
                .withName(name)
                .get();
    }

    private static Optional<Condition> accepted(String name) {
        HpcJob j = find(name);
        return j == null || j.getStatus() == null
                ? Optional.empty()
                : ConditionsView.find(j.getStatus().getConditions(), ConditionType.ACCEPTED);
    }
}
