package dev.hpcenv.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.crd.CrdConstants;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.operator.testing.ProjectApi;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HpcJob the operator cannot read (a number past int32 that an API server without the schema's
 * bounds stored) must not stop the operator: it is marked Accepted=False naming the field, the
 * log has one line for it and no stack trace, and every other object goes on. The embedded API
 * runs here with the HpcJob spec's schema removed, as an API server with an older CRD would.
 */
class UnreadableObjectsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeSlurmClient slurm = new FakeSlurmClient(Clock.systemUTC(), ApiVersion.V0_0_38);
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private EmbeddedKubernetesApi api;
    private KubernetesClient client;
    private HpcenvOperator operator;

    @BeforeEach
    void start() {
        originalErr = System.err;
        // slf4j-simple writes to whatever System.err is at each line: keep the test's output and a copy.
        System.setErr(new PrintStream(new TeeStream(originalErr, log), true, StandardCharsets.UTF_8));
        List<ObjectNode> crds = ProjectApi.crds();
        crds.stream()
                .filter(c -> List.of("HpcJob", "SlurmCluster")
                        .contains(c.path("spec").path("names").path("kind").asText()))
                .forEach(c -> c.path("spec")
                        .path("versions")
                        .forEach(v -> ((ObjectNode)
                                        v.path("schema").path("openAPIV3Schema").path("properties"))
                                .set(
                                        "spec",
                                        JSON.createObjectNode()
                                                .put("type", "object")
                                                .put("x-kubernetes-preserve-unknown-fields", true))));
        api = EmbeddedKubernetesApi.withCrds(crds, 0).start();
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
        client.resource(Resources.environment(Resources.NAMESPACE, "pytorch", s -> {
                    s.setBaseEnvironments(new ArrayList<>(List.of("site")));
                }))
                .create();
    }

    @AfterEach
    void stop() {
        try {
            if (operator != null) {
                operator.close();
            }
            if (client != null) {
                client.close();
            }
            if (api != null) {
                api.close();
            }
        } finally {
            System.setErr(originalErr);
        }
    }

    @Test
    void anUnreadableHpcJobIsMarkedAndEveryOtherObjectGoesOn() throws Exception {
        // Given: two unreadable jobs stored before the operator starts (its first list), one valid
        createRaw("int32-overflow", new BigInteger("2147483648"));
        createRaw("huge", new BigInteger("99999999999999999999"));
        client.resource(Resources.job("neighbour")).create();
        // When
        operator = HpcenvOperator.start(
                client, config -> slurm, OperatorConfig.defaults().withHttp(-1, true), Clock.systemUTC());
        // Then
        awaitSubmitted("neighbour");
        for (String bad : List.of("int32-overflow", "huge")) {
            Map<String, Object> accepted = awaitCondition(bad, "Accepted");
            assertThat(accepted).containsEntry("status", "False").containsEntry("reason", "Invalid");
            assertThat((String) accepted.get("message"))
                    .startsWith("spec.resources.cpusPerTask: ")
                    .contains("out of range");
        }
        // And: an unreadable job arriving through the watch, then a valid one: the operator still runs
        createRaw("later", new BigInteger("2147483648"));
        client.resource(Resources.job("after")).create();
        awaitSubmitted("after");
        assertThat(awaitCondition("later", "Accepted")).containsEntry("reason", "Invalid");
        assertThat(slurm.submissions()).hasSize(2);
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .doesNotContain("Fatal error in informer")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(text.lines()
                        .filter(l -> l.contains("unreadable: HpcJob team-a/int32-overflow"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anUnreadableSlurmClusterIsInvalidSpecAndTheOtherClusterServesItsJobs() throws Exception {
        // Given
        ObjectNode json =
                (ObjectNode) JSON.readTree(client.getKubernetesSerialization().asJson(Resources.cluster(s -> {})));
        json.with("metadata").put("name", "broken");
        json.with("spec").put("syncIntervalSeconds", new BigInteger("2147483648"));
        client.resource(client.getKubernetesSerialization().unmarshal(json.toString(), GenericKubernetesResource.class))
                .create();
        // When
        operator = HpcenvOperator.start(
                client, config -> slurm, OperatorConfig.defaults().withHttp(-1, true), Clock.systemUTC());
        client.resource(Resources.job("on-the-good-one")).create();
        // Then
        awaitSubmitted("on-the-good-one");
        Map<String, Object> ready = awaitCondition("SlurmCluster", null, "broken", "Ready");
        assertThat(ready).containsEntry("status", "False").containsEntry("reason", "InvalidSpec");
        assertThat((String) ready.get("message"))
                .startsWith("spec.syncIntervalSeconds: ")
                .contains("out of range");
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
    }

    private void createRaw(String name, BigInteger cpusPerTask) throws Exception {
        ObjectNode json =
                (ObjectNode) JSON.readTree(client.getKubernetesSerialization().asJson(Resources.job(name)));
        json.with("spec").with("resources").put("cpusPerTask", cpusPerTask);
        json.with("metadata").remove("uid");
        client.resource(client.getKubernetesSerialization().unmarshal(json.toString(), GenericKubernetesResource.class))
                .create();
    }

    private void awaitSubmitted(String name) {
        Await.until(
                "HpcJob " + name + " submitted",
                WAIT,
                () -> {
                    HpcJob j = client.resources(HpcJob.class)
                            .inNamespace(Resources.NAMESPACE)
                            .withName(name)
                            .get();
                    return j != null && j.getStatus() != null && j.getStatus().getSlurmJobId() != null;
                },
                () -> client.resources(HpcJob.class)
                        .inNamespace(Resources.NAMESPACE)
                        .withName(name)
                        .get());
    }

    private Map<String, Object> awaitCondition(String name, String type) {
        return awaitCondition("HpcJob", Resources.NAMESPACE, name, type);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> awaitCondition(String kind, String namespace, String name, String type) {
        Object[] found = new Object[1];
        Await.until(
                "condition " + type + " of " + name,
                WAIT,
                () -> {
                    var resources = client.genericKubernetesResources(CrdConstants.GROUP + "/v1alpha1", kind);
                    GenericKubernetesResource r = namespace == null
                            ? resources.withName(name).get()
                            : resources.inNamespace(namespace).withName(name).get();
                    Object status =
                            r == null ? null : r.getAdditionalProperties().get("status");
                    if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
                        return false;
                    }
                    found[0] = conditions.stream()
                            .filter(c -> c instanceof Map<?, ?> m && type.equals(m.get("type")))
                            .findFirst()
                            .orElse(null);
                    return found[0] != null;
                },
                () -> name);
        return (Map<String, Object>) found[0];
    }

    /** Writes to both streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
