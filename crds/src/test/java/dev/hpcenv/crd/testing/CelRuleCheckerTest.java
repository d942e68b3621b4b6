package dev.hpcenv.crd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CelRuleCheckerTest {
    private final CelRuleChecker checker = new CelRuleChecker();
    private final YAMLMapper yaml = new YAMLMapper();

    static List<Class<? extends HasMetadata>> kinds() {
        return GeneratedCrds.KINDS;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyRuleOfTheCrdsCompiles(Class<? extends HasMetadata> kind) throws IOException {
        List<String> rules = CelRuleChecker.rulesIn(yaml.readTree(GeneratedCrds.yaml(kind)));
        assertThat(rules).isNotEmpty();
        rules.forEach(checker::compile);
    }

    /**
     * The API server estimates each rule's worst-case cost from the bounds of what it reads, times the
     * longest possible length of every list and map the rule sits in, and refuses the CRD when the
     * estimate is too high; a string, list or map without a bound is estimated at the whole request
     * size. So a rule's field and every list or map around it is bounded. CrdsRealApiIT (kube-embedded)
     * has the real server confirm the estimate.
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void everyStringOrListCarryingARuleIsBoundedAndSoIsEveryListAroundIt(Class<? extends HasMetadata> kind)
            throws IOException {
        JsonNode crd = yaml.readTree(GeneratedCrds.yaml(kind));
        List<String> unbounded = new java.util.ArrayList<>();
        findUnboundedRuleCarriers(crd.at("/spec/versions/0/schema/openAPIV3Schema"), "", null, unbounded);
        assertThat(unbounded)
                .as("fields with CEL rules, or lists and maps around them, without maxLength/maxItems/maxProperties")
                .isEmpty();
    }

    /** {@code unboundedAround}: the innermost list or map without a bound that encloses {@code schema}. */
    private static void findUnboundedRuleCarriers(
            JsonNode schema, String path, String unboundedAround, List<String> unbounded) {
        if (schema.has("x-kubernetes-validations")) {
            String type = schema.path("type").asText();
            if (type.equals("string") && !schema.has("maxLength") && !schema.has("enum")
                    || type.equals("array") && !schema.has("maxItems")) {
                unbounded.add(path);
            }
            if (unboundedAround != null) {
                unbounded.add(unboundedAround + " (around the rule of " + path + ")");
            }
        }
        schema.path("properties")
                .properties()
                .forEach(e ->
                        findUnboundedRuleCarriers(e.getValue(), path + "." + e.getKey(), unboundedAround, unbounded));
        if (schema.has("items")) {
            findUnboundedRuleCarriers(
                    schema.get("items"), path + "[]", schema.has("maxItems") ? unboundedAround : path, unbounded);
        }
        if (schema.path("additionalProperties").isObject()) {
            findUnboundedRuleCarriers(
                    schema.get("additionalProperties"),
                    path + "{}",
                    schema.has("maxProperties") ? unboundedAround : path,
                    unbounded);
        }
    }

    @Test
    void brokenRuleIsReportedWithTheRule() {
        assertThatThrownBy(() -> checker.compile("has(self.a) &&"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has(self.a) &&");
    }

    @Test
    void rulesRunOnlyWhereTheirFieldIsPresent() throws IOException {
        JsonNode schema = yaml.readTree("""
                properties:
                  a:
                    type: string
                    x-kubernetes-validations: [{rule: "self != 'x'", message: a is x}]
                """);
        assertThat(checker.check(schema, yaml.readTree("{b: 1}"))).isEmpty();
        assertThat(checker.check(schema, yaml.readTree("{a: y}"))).isEmpty();
        assertThat(checker.check(schema, yaml.readTree("{a: x}"))).containsExactly("$.a: a is x");
    }
}
