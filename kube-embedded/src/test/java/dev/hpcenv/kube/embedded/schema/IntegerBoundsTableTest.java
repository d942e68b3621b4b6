package dev.hpcenv.kube.embedded.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every integer field of every project kind, at and past its bounds and its Java type's range, through
 * the embedded API's schema check: what a cluster accepts is accepted, everything else is refused
 * with a message naming the field. None of the refused values could be read by the operator.
 */
class IntegerBoundsTableTest {

    private static final BigInteger TWO_31 = BigInteger.TWO.pow(31);
    private static final BigInteger TWO_63 = BigInteger.TWO.pow(63);

    /** One row: a JSON literal for the field and whether the API server would store it. */
    record Row(ProjectCrds.IntegerField field, String literal, boolean accepted, String expected) {
        @Override
        public String toString() {
            return field + " = " + literal + (accepted ? " accepted" : " refused");
        }
    }

    static Stream<Arguments> rows() {
        List<Row> rows = new ArrayList<>();
        for (ProjectCrds.IntegerField field : ProjectCrds.integerFields()) {
            JsonNode schema = field.schema();
            boolean int32 = "int32".equals(schema.path("format").asText());
            BigInteger typeMax = int32 ? BigInteger.valueOf(Integer.MAX_VALUE) : BigInteger.valueOf(Long.MAX_VALUE);
            BigInteger min =
                    schema.has("minimum") ? schema.get("minimum").decimalValue().toBigIntegerExact() : null;
            BigInteger max =
                    schema.has("maximum") ? schema.get("maximum").decimalValue().toBigIntegerExact() : typeMax;
            String path = field.path();
            if (min != null) {
                rows.add(row(
                        field,
                        min.subtract(BigInteger.ONE).toString(),
                        false,
                        path + " in body should be greater than or equal to"));
                rows.add(row(field, min.toString(), true, null));
            }
            rows.add(row(field, max.toString(), true, null));
            boolean maxPlusOneBeyondInt64 = max.add(BigInteger.ONE).compareTo(TWO_63) >= 0;
            rows.add(row(
                    field,
                    max.add(BigInteger.ONE).toString(),
                    false,
                    maxPlusOneBeyondInt64
                            ? path + " in body must be of type integer: \"number\""
                            : path + " in body should be less than or equal to"));
            boolean twoPow31Fits = TWO_31.compareTo(max) <= 0;
            rows.add(row(field, TWO_31.toString(), twoPow31Fits, twoPow31Fits ? null : path + " in body"));
            rows.add(row(field, TWO_63.toString(), false, path + " in body must be of type integer: \"number\""));
            rows.add(row(field, "99999999999999999999", false, path + " in body must be of type integer: \"number\""));
            rows.add(row(field, "1e20", false, path + " in body must be of type integer: \"number\""));
            rows.add(row(field, "1.5", false, path + " in body must be of type integer: \"number\""));
            rows.add(row(field, "\"12\"", false, path + " in body must be of type integer: \"string\""));
        }
        return rows.stream().map(Arguments::of);
    }

    private static Row row(ProjectCrds.IntegerField field, String literal, boolean accepted, String expected) {
        return new Row(field, literal, accepted, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theApiServerVerdict(Row row) {
        ObjectNode object = ProjectCrds.valid(row.field().kind());
        set(object, row.field().pointer(), ProjectCrds.json(row.literal()));

        SchemaFindings findings =
                new StructuralSchema(ProjectCrds.schema(row.field().kind())).apply(object);

        if (row.accepted()) {
            assertThat(findings.violations()).as(row.toString()).isEmpty();
            assertThat(object.at(row.field().pointer()).isIntegralNumber()).isTrue();
        } else {
            assertThat(findings.violations())
                    .as(row.toString())
                    .isNotEmpty()
                    .allSatisfy(v -> assertThat(v).startsWith(row.field().path() + ": Invalid value: "))
                    .anySatisfy(v -> assertThat(v).contains(row.expected()));
        }
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
                        "spec.resources.cpusPerTask: Invalid value: 2147483648: spec.resources.cpusPerTask in body must be of"
                                + " type integer with format int32",
                        "spec.resources.cpusPerTask: Invalid value: 2147483648: spec.resources.cpusPerTask in body should be"
                                + " less than or equal to 65533",
                        "spec.resources.nodes: Invalid value: \"number\": spec.resources.nodes in body must be of type integer:"
                                + " \"number\"",
                        "spec.resources.tasks: Invalid value: \"number\": spec.resources.tasks in body must be of type integer:"
                                + " \"number\"",
                        "spec.resources.gpus: Invalid value: \"string\": spec.resources.gpus in body must be of type integer:"
                                + " \"string\"");
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
    void boundsPrintAsGoPrintsThem() {
        ObjectNode job = ProjectCrds.valid("HpcJob");
        set(job, "/spec/resources/nodes", ProjectCrds.json("1000001"));

        SchemaFindings findings = new StructuralSchema(ProjectCrds.schema("HpcJob")).apply(job);

        assertThat(findings.violations())
                .containsExactly("spec.resources.nodes: Invalid value: 1000001:"
                        + " spec.resources.nodes in body should be less than or equal to 1e+06");
        assertThat(JsonNumbers.goFloat(100000)).isEqualTo("100000");
        assertThat(JsonNumbers.goFloat(4294967295d)).isEqualTo("4.294967295e+09");
        assertThat(JsonNumbers.goFloat(1e20)).isEqualTo("1e+20");
        assertThat(JsonNumbers.goFloat(0.5)).isEqualTo("0.5");
    }

    static void set(ObjectNode object, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = object.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent.isArray()) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }
}
