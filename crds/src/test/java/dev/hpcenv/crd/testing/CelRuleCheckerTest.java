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
     * The API server estimates each rule's worst-case cost from the bounds of what it reads and
     * refuses the CRD when the estimate is too high; a string or list without a bound is estimated
     * at the whole request size. No API server runs here, so the bounds are required instead.
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void everyStringOrListCarryingARuleIsBounded(Class<? extends HasMetadata> kind) throws IOException {
        JsonNode crd = yaml.readTree(GeneratedCrds.yaml(kind));
        List<String> unbounded = new java.util.ArrayList<>();
        findUnboundedRuleCarriers(crd.at("/spec/versions/0/schema/openAPIV3Schema"), "", unbounded);
        assertThat(unbounded)
                .as("fields with CEL rules but no maxLength/maxItems")
                .isEmpty();
    }

    private static void findUnboundedRuleCarriers(JsonNode schema, String path, List<String> unbounded) {
        if (schema.has("x-kubernetes-validations")) {
            String type = schema.path("type").asText();
            if (type.equals("string") && !schema.has("maxLength") && !schema.has("enum")
                    || type.equals("array") && !schema.has("maxItems")) {
                unbounded.add(path);
            }
        }
        schema.path("properties")
                .properties()
                .forEach(e -> findUnboundedRuleCarriers(e.getValue(), path + "." + e.getKey(), unbounded));
        if (schema.has("items")) {
            findUnboundedRuleCarriers(schema.get("items"), path + "[]", unbounded);
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
