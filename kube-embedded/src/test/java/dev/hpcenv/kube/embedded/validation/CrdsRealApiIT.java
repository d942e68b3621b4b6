package dev.hpcenv.kube.embedded.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.kube.embedded.TestClients;
import dev.hpcenv.kube.local.LocalKubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hpcenv's CRDs against a real kube-apiserver (dev/kube-local.sh): the chart's CRDs are accepted as
 * generated, with every CEL rule within the cost budget, and become Established; and every shared
 * validation case ({@link ValidationCases}) gets the verdict it expects from the real server and the
 * same violations from the embedded API, except the named {@link KnownDifferences}.
 *
 * <p>The server is shared: the chart's CRDs are created or updated (server-side apply), never
 * deleted. Since other runs may install other versions of them at any time, the cases run against
 * copies of this build's CRDs under a group of this run ({@code crd-cases-<run>.hpcenv.test}),
 * deleted at the end; objects go into a namespace of this run and are deleted after each case.
 */
@Tag("real-kube")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrdsRealApiIT {

    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String APPLY = "?fieldManager=hpcenv-tests&force=true";
    private static final YAMLMapper YAML = new YAMLMapper();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String namespace = "crd-cases-" + run;
    private final Map<String, CaseRunner.Reply> installed = new LinkedHashMap<>();
    private LocalKubeApi api;
    private KubernetesClient admin;
    private EmbeddedKubernetesApi embedded;
    private KubernetesClient embeddedClient;
    private CaseRunner real;
    private CaseRunner local;
    private List<ObjectNode> copies;

    @BeforeAll
    void start() {
        api = LocalKubeApi.shared();
        admin = api.adminClient();
        for (Map.Entry<String, String> crd : chartCrds().entrySet()) {
            installed.put(crd.getKey(), apply(crd.getValue()));
        }
        installed.forEach((name, reply) -> assertThat(reply.code())
                .as(name + " as the chart installs it: " + reply.body())
                .isBetween(200, 201));
        installed.keySet().forEach(name -> awaitEstablished(name, Duration.ofSeconds(60)));
        copies = ValidationCases.crds().stream()
                .map(crd -> copyInGroup(crd, "crd-cases-" + run + ".hpcenv.test"))
                .toList();
        for (ObjectNode copy : copies) {
            CaseRunner.Reply reply = CaseRunner.send(admin, "POST", CRDS, "application/json", copy.toString());
            assertThat(reply.code()).as(reply.body()).isEqualTo(201);
        }
        copies.forEach(
                copy -> awaitEstablished(copy.path("metadata").path("name").asText(), Duration.ofSeconds(60)));
        String ns = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + namespace + "\"}}";
        CaseRunner.Reply created = CaseRunner.send(admin, "POST", "/api/v1/namespaces", "application/json", ns);
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        real = new CaseRunner(admin, copies, namespace, "c-" + run);

        embedded = EmbeddedKubernetesApi.withCrds(ValidationCases.crds(), 0).start();
        embeddedClient = TestClients.of(embedded);
        CaseRunner.send(embeddedClient, "POST", "/api/v1/namespaces", "application/json", ns);
        local = new CaseRunner(embeddedClient, ValidationCases.crds(), namespace, "c-" + run);
    }

    @AfterAll
    void stop() {
        if (copies != null) {
            copies.forEach(copy -> CaseRunner.send(
                    admin,
                    "DELETE",
                    CRDS + "/" + copy.path("metadata").path("name").asText(),
                    null,
                    null));
            // emptied case by case; it stays Terminating on a control plane without a controller manager
            CaseRunner.send(admin, "DELETE", "/api/v1/namespaces/" + namespace, null, null);
        }
        if (embeddedClient != null) {
            embeddedClient.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void everyChartCrdIsAcceptedAsGeneratedWithoutWarningsAndEstablished() {
        assertThat(installed).hasSize(4);
        installed.forEach((name, reply) -> {
            assertThat(reply.code()).as(name + ": " + reply.body()).isBetween(200, 201);
            assertThat(reply.warnings()).as(name + " warnings").isEmpty();
            JsonNode stored = CaseRunner.JsonBodies.tree(
                    CaseRunner.send(admin, "GET", CRDS + "/" + name, null, null).body());
            assertThat(condition(stored, "Established"))
                    .as(name + " Established")
                    .isEqualTo("True");
            assertThat(condition(stored, "NamesAccepted"))
                    .as(name + " NamesAccepted")
                    .isEqualTo("True");
        });
    }

    /**
     * The real server estimates each CEL rule's worst-case cost and refuses a CRD over the budget
     * (422). A copy of the SlurmCluster CRD under a throwaway group, with the quadratic uniqueness
     * rule its userMappings once had (now a list map keyed by namespace), shows such a refusal is
     * seen even with the list bounded; the embedded API does not estimate costs
     * ({@link KnownDifferences#CRD_CHECKS}).
     */
    @Test
    void aCrdWhoseCelRulesExceedTheCostBudgetIsRefused() throws IOException {
        String group = "costcheck-" + run + ".hpcenv.test";
        ObjectNode crd = (ObjectNode) YAML.readTree(chartCrds().get("slurmclusters.hpcenv.dev"));
        ((ObjectNode) crd.get("metadata")).put("name", "slurmclusters." + group);
        ((ObjectNode) crd.get("spec")).put("group", group);
        ObjectNode mappings =
                (ObjectNode) crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/userMappings");
        assertThat(mappings.path("maxItems").asInt()).isEqualTo(512);
        mappings.remove(List.of("x-kubernetes-list-type", "x-kubernetes-list-map-keys"));
        mappings.putArray("x-kubernetes-validations")
                .addObject()
                .put("rule", "self.all(a, self.exists_one(b, b.namespace == a.namespace))")
                .put("message", "each namespace may appear only once");
        try {
            CaseRunner.Reply reply = apply(crd.toString());

            assertThat(reply.code()).as(reply.body()).isEqualTo(422);
            assertThat(CaseRunner.verdict(reply))
                    .as(reply.body())
                    .anySatisfy(
                            violation -> assertThat(violation)
                                    .startsWith(
                                            "spec.validation.openAPIV3Schema.properties[spec].properties[userMappings]"
                                                    + ".x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget"));
        } finally {
            CaseRunner.send(admin, "DELETE", CRDS + "/slurmclusters." + group, null, null);
        }
    }

    static List<ValidationCase> cases() {
        return ValidationCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRealServerGivesEachCaseItsVerdictAndTheEmbeddedApiTheSame(ValidationCase c) {
        List<String> onTheServer = real.violations(c);
        List<String> embeddedSays = local.violations(c);

        String context = "case " + c + "\nobject: " + c.object() + "\nreal server: " + onTheServer + "\nembedded API: "
                + embeddedSays;
        assertThat(c.mismatch(onTheServer)).as(context).isNull();
        if (KnownDifferences.CASES.containsKey(c.name())) {
            assertThat(embeddedSays)
                    .as("listed as a known difference (" + KnownDifferences.CASES.get(c.name())
                            + "), but the embedded API now agrees: take it off the list\n" + context)
                    .isNotEqualTo(onTheServer);
        } else {
            assertThat(embeddedSays).as(context).containsExactlyInAnyOrderElementsOf(onTheServer);
        }
    }

    /** The CRD served under {@code group} instead of its own. */
    private static ObjectNode copyInGroup(ObjectNode crd, String group) {
        ObjectNode copy = crd.deepCopy();
        ((ObjectNode) copy.get("spec")).put("group", group);
        ObjectNode metadata = copy.putObject("metadata");
        metadata.put("name", crd.at("/spec/names/plural").asText() + "." + group);
        return copy;
    }

    private CaseRunner.Reply apply(String crd) {
        String name;
        try {
            name = YAML.readTree(crd).path("metadata").path("name").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CaseRunner.send(admin, "PATCH", CRDS + "/" + name + APPLY, "application/apply-patch+yaml", crd);
    }

    private void awaitEstablished(String name, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode crd = null;
        while (Instant.now().isBefore(deadline)) {
            crd = CaseRunner.JsonBodies.tree(
                    CaseRunner.send(admin, "GET", CRDS + "/" + name, null, null).body());
            if ("True".equals(condition(crd, "Established"))) {
                return;
            }
            try {
                Thread.sleep(100); // polling the condition, with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("CRD " + name + " not Established within " + timeout + ": " + crd
                + "\nkube-apiserver log:\n" + api.apiServerLogTail(40));
    }

    private static String condition(JsonNode crd, String type) {
        for (JsonNode condition : crd.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition.path("status").asText();
            }
        }
        return "(no " + type + " condition)";
    }

    /** charts/hpcenv/crds, as the chart installs them: name to YAML text. */
    private static Map<String, String> chartCrds() {
        Map<String, String> crds = new LinkedHashMap<>();
        try {
            Path dir = Path.of(CrdsRealApiIT.class
                    .getClassLoader()
                    .getResource("hpcenv-chart-crds")
                    .toURI());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    crds.put(YAML.readTree(text).path("metadata").path("name").asText(), text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return crds;
    }
}
