package dev.hpcenv.kube.embedded.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.validation.EmbeddedCases;
import dev.hpcenv.kube.embedded.validation.ValidationCase;
import dev.hpcenv.kube.embedded.validation.ValidationCases;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every integer field of every project kind, at and past its bounds and its Java type's range, through
 * the embedded API (the shared cases of {@link ValidationCases#integerBounds()}, which CrdsRealApiIT
 * runs against a real kube-apiserver too): what a cluster accepts is accepted, everything else is
 * refused with a message naming the field. None of the refused values could be read by the operator.
 */
class IntegerBoundsTableTest {

    @RegisterExtension
    static final EmbeddedCases.PerClass embedded = EmbeddedCases.perClass();

    static List<ValidationCase> rows() {
        return ValidationCases.integerBounds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theApiServerVerdict(ValidationCase row) {
        List<String> violations = embedded.assertVerdict(row);

        // the field itself, or (a format error) the root of what was validated
        assertThat(violations)
                .allSatisfy(v -> assertThat(v).matches("(" + Pattern.quote(row.field()) + "|<nil>|status): .*"));
    }

    @Test
    void everyIntegerFieldOfEveryKindIsInTheTable() {
        assertThat(ProjectCrds.integerFields())
                .extracting(Object::toString)
                .contains(
                        "HpcJob spec.resources.nodes",
                        "HpcJob spec.resources.tasks",
                        "HpcJob spec.resources.tasksPerNode",
                        "HpcJob spec.resources.cpusPerTask",
                        "HpcJob spec.resources.gpus",
                        "HpcJob spec.requeue",
                        "HpcJob status.attempts",
                        "HpcJob status.slurmJobId",
                        "HpcJob status.exitCode",
                        "HpcJob status.signal",
                        "HpcJob status.observedGeneration",
                        "HpcJob status.conditions[0].observedGeneration",
                        "SlurmCluster spec.syncIntervalSeconds",
                        "SlurmCluster spec.auth.jwtLifespanSeconds",
                        "HpcEnvironment status.observedGeneration",
                        "ClusterHpcEnvironment status.conditions[0].observedGeneration");
        assertThat(ProjectCrds.integerFields())
                .allSatisfy(field -> assertThat(field.schema().path("format").asText())
                        .as(field.toString())
                        .isIn("int32", "int64"));
    }

    @Test
    void theRefusalsAreWordedAsTheApiServerWordsThem() {
        ObjectNode job = ProjectCrds.valid("HpcJob");
        set(job, "/spec/resources/cpusPerTask", ProjectCrds.json("2147483648"));
        set(job, "/spec/resources/nodes", ProjectCrds.json("99999999999999999999"));
        set(job, "/spec/resources/tasks", ProjectCrds.json("1.5"));
        set(job, "/spec/resources/gpus", ProjectCrds.json("\"12\""));

        SchemaFindings findings = new StructuralSchema(ProjectCrds.schema("HpcJob")).apply(job);

        assertThat(findings.violations())
                .containsExactlyInAnyOrder(
                        "<nil>: Invalid value: \"\": Checked value must be of type integer with format int32 in"
                                + " spec.resources.cpusPerTask",
                        "spec.resources.cpusPerTask: Invalid value: 2147483648: spec.resources.cpusPerTask in body should be"
                                + " less than or equal to 65533",
                        "spec.resources.nodes: Invalid value: \"float64\": spec.resources.nodes in body must be of type"
                                + " int32: \"float64\"",
                        "<nil>: Invalid value: \"\": Checked value must be of type integer with format int32 in"
                                + " spec.resources.nodes",
                        "spec.resources.nodes: Invalid value: 1e+20: spec.resources.nodes in body should be less than or"
                                + " equal to 1e+06",
                        "spec.resources.tasks: Invalid value: \"float64\": spec.resources.tasks in body must be of type"
                                + " int32: \"float64\"",
                        "<nil>: Invalid value: \"\": Checked value must be of type integer with format int32 in"
                                + " spec.resources.tasks",
                        "spec.resources.gpus: Invalid value: \"string\": spec.resources.gpus in body must be of type integer:"
                                + " \"string\"",
                        StructuralSchema.RULES_NOT_CHECKED);
    }

    @Test
    void wholeFloatsAreIntegersAndAreStoredAsSuch() {
        ObjectNode job = ProjectCrds.valid("HpcJob");
        set(job, "/spec/resources/nodes", ProjectCrds.json("3.0"));
        set(job, "/spec/resources/tasks", ProjectCrds.json("1e3"));

        SchemaFindings findings = new StructuralSchema(ProjectCrds.schema("HpcJob")).apply(job);

        assertThat(findings.violations()).isEmpty();
        assertThat(job.at("/spec/resources").toString()).contains("\"nodes\":3,", "\"tasks\":1000,");
    }

    @Test
    void boundsPrintAsIntegersForIntegersAndAsGoPrintsFloatsOtherwise() {
        ObjectNode job = ProjectCrds.valid("HpcJob");
        set(job, "/spec/resources/nodes", ProjectCrds.json("1000001"));

        SchemaFindings findings = new StructuralSchema(ProjectCrds.schema("HpcJob")).apply(job);

        assertThat(findings.violations())
                .containsExactly("spec.resources.nodes: Invalid value: 1000001:"
                        + " spec.resources.nodes in body should be less than or equal to 1000000");
        assertThat(JsonNumbers.goFloat(100000)).isEqualTo("100000");
        assertThat(JsonNumbers.goFloat(4294967295d)).isEqualTo("4.294967295e+09");
        assertThat(JsonNumbers.goFloat(1e20)).isEqualTo("1e+20");
        assertThat(JsonNumbers.goFloat(0.5)).isEqualTo("0.5");
    }

    static void set(ObjectNode object, String pointer, JsonNode value) {
        ProjectCrds.set(object, pointer, value);
    }
}
