package dev.hpcenv.kube.embedded.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.validation.EmbeddedCases;
import dev.hpcenv.kube.embedded.validation.ValidationCase;
import dev.hpcenv.kube.embedded.validation.ValidationCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each CEL rule ({@code x-kubernetes-validations}) of the project's CRDs, evaluated by the embedded
 * API: the shared cases of {@link ValidationCases#celRules()} (what each rule refuses and lets
 * through, in the API server's wording, which CrdsRealApiIT checks against a real kube-apiserver).
 */
class ProjectCelRulesTest {

    private static final String ONE_ENVIRONMENT = "has(self.environmentRef) != has(self.environment)";
    private static final String TIME_LIMIT = "!self.matches('^(0+[dhms])+$')";
    private static final String CONDITION_STATUS = "self in ['True', 'False', 'Unknown']";
    private static final String ONE_AUTH = "has(self.jwtKeySecretRef) != has(self.tokenSecretRef)";
    private static final String LIFESPAN_WITH_KEY = "!has(self.jwtLifespanSeconds) || has(self.jwtKeySecretRef)";
    private static final String NOT_ROOT = "self != 'root'";
    private static final String ONE_CLUSTER =
            "(has(self.name) ? 1 : 0) + (has(self.names) ? 1 : 0) + (has(self.selector) ? 1 : 0) == 1";
    private static final String ONE_READINESS_CHECK = "has(self.command) != has(self.tcpPort)";
    private static final String ARRAY_LIMIT = "!self.matches('%0+$')";
    private static final String ARRAY_RANGES = "self.split('%')[0].split(',').all(r, !r.contains('-') || "
            + "int(r.split(':')[0].split('-')[0]) <= int(r.split(':')[0].split('-')[1]))";
    private static final String ARRAY_STEPS =
            "self.split('%')[0].split(',').all(r, !r.contains(':') || int(r.split(':')[1]) >= 1)";
    private static final String UNIQUE_DEPENDENCIES = "self.all(d, self.exists_one(e, e.name == d.name))";

    @RegisterExtension
    static final EmbeddedCases.PerClass embedded = EmbeddedCases.perClass();

    @Test
    void everyRuleOfEveryKindHasItsCases() {
        Set<String> rules = new TreeSet<>();
        for (String kind : ProjectCrds.KINDS) {
            collectRules(ProjectCrds.schema(kind), rules);
        }
        assertThat(rules)
                .containsExactlyInAnyOrder(
                        ONE_ENVIRONMENT,
                        TIME_LIMIT,
                        CONDITION_STATUS,
                        ONE_AUTH,
                        LIFESPAN_WITH_KEY,
                        NOT_ROOT,
                        ONE_CLUSTER,
                        ONE_READINESS_CHECK,
                        ARRAY_LIMIT,
                        ARRAY_RANGES,
                        ARRAY_STEPS,
                        UNIQUE_DEPENDENCIES);
        List<String> messages = ValidationCases.celRules().stream()
                .filter(c -> !c.accepted())
                .map(ValidationCase::message)
                .toList();
        assertThat(messages)
                .anySatisfy(m -> assertThat(m).contains("set exactly one of environmentRef and environment"))
                .anySatisfy(m -> assertThat(m).contains("a time limit must be longer than zero"))
                .anySatisfy(m -> assertThat(m).contains("status must be True, False or Unknown"))
                .anySatisfy(m -> assertThat(m).contains("set exactly one of jwtKeySecretRef and tokenSecretRef"))
                .anySatisfy(m -> assertThat(m).contains("jwtLifespanSeconds applies only with jwtKeySecretRef"))
                .anySatisfy(m -> assertThat(m).contains("a namespace must not be mapped to root"))
                .anySatisfy(m -> assertThat(m).contains("set exactly one of name, names and selector"))
                .anySatisfy(m -> assertThat(m).contains("set exactly one of command and tcpPort"))
                .anySatisfy(m -> assertThat(m).contains("%K needs K >= 1"))
                .anySatisfy(m -> assertThat(m).contains("a range N-M needs N <= M"))
                .anySatisfy(m -> assertThat(m).contains("a step N-M:S needs S >= 1"))
                .anySatisfy(m -> assertThat(m).contains("dependsOn: each name at most once"));
    }

    static List<ValidationCase> cases() {
        return ValidationCases.celRules();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theEmbeddedApiGivesEachCaseItsVerdict(ValidationCase c) {
        embedded.assertVerdict(c);
    }

    @Test
    void noDefaultFillsInATokenLifespanBehindTheRulesBack() {
        ObjectNode tokenOnly = ProjectCrds.valid("SlurmCluster");
        ObjectNode auth = (ObjectNode) tokenOnly.at("/spec/auth");
        auth.removeAll();
        auth.set("tokenSecretRef", ProjectCrds.json("{'namespace':'hpcenv','name':'t','key':'t'}"));

        assertThat(new StructuralSchema(ProjectCrds.schema("SlurmCluster"))
                        .apply(tokenOnly)
                        .violations())
                .isEmpty();
        assertThat(auth.has("jwtLifespanSeconds")).isFalse();
    }

    @Test
    void aTypeErrorAnywhereStopsEveryRuleAndSaysSo() {
        ObjectNode cluster = ProjectCrds.valid("SlurmCluster");
        ((ObjectNode) cluster.at("/spec/userMappings/0")).put("user", "root");
        ((ObjectNode) cluster.at("/spec")).put("syncIntervalSeconds", "10");

        assertThat(new StructuralSchema(ProjectCrds.schema("SlurmCluster"))
                        .apply(cluster)
                        .violations())
                .containsExactly(
                        "spec.syncIntervalSeconds: Invalid value: \"string\": spec.syncIntervalSeconds in body must be"
                                + " of type integer: \"string\"",
                        StructuralSchema.RULES_NOT_CHECKED);
    }

    @Test
    void aBoundOrPatternErrorLeavesTheRulesRunning() {
        ObjectNode cluster = ProjectCrds.valid("SlurmCluster");
        ((ObjectNode) cluster.at("/spec/userMappings/0")).put("user", "root");
        ((ObjectNode) cluster.at("/spec")).put("syncIntervalSeconds", 0);

        assertThat(new StructuralSchema(ProjectCrds.schema("SlurmCluster"))
                        .apply(cluster)
                        .violations())
                .containsExactlyInAnyOrder(
                        "spec.syncIntervalSeconds: Invalid value: 0: spec.syncIntervalSeconds in body should be greater"
                                + " than or equal to 1",
                        "spec.userMappings[0].user: Invalid value: \"root\": a namespace must not be mapped to root");
    }

    private static void collectRules(JsonNode schema, Set<String> rules) {
        if (schema.isObject()) {
            schema.path("x-kubernetes-validations")
                    .forEach(rule -> rules.add(rule.path("rule").asText()));
            List<Map.Entry<String, JsonNode>> children = new ArrayList<>();
            schema.fields().forEachRemaining(children::add);
            children.forEach(child -> collectRules(child.getValue(), rules));
        } else if (schema.isArray()) {
            schema.forEach(item -> collectRules(item, rules));
        }
    }
}
