package dev.hpcenv.kube.embedded.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.validation.EmbeddedCases;
import dev.hpcenv.kube.embedded.validation.ValidationCase;
import dev.hpcenv.kube.embedded.validation.ValidationCases;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Defaulting, pruning and validation by one structural schema: the Probe test CRD of the shared
 * validation cases, whose cases ({@link ValidationCases#keywords()}) run here through the embedded API
 * and in CrdsRealApiIT against a real kube-apiserver.
 */
class StructuralSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructuralSchema JOB_SCHEMA = new StructuralSchema(ValidationCases.testCrds().stream()
            .filter(crd -> crd.at("/spec/names/kind").asText().equals("Probe"))
            .findFirst()
            .orElseThrow()
            .at("/spec/versions/0/schema/openAPIV3Schema"));

    @RegisterExtension
    static final EmbeddedCases.PerClass embedded = EmbeddedCases.perClass();

    static List<ValidationCase> cases() {
        return ValidationCases.keywords();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theEmbeddedApiGivesEachCaseItsVerdict(ValidationCase c) {
        embedded.assertVerdict(c);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode job(String spec) {
        return (ObjectNode)
                json("{'apiVersion':'validation.test.hpcenv.dev/v1','kind':'Probe','metadata':{'name':'j'},'spec':"
                        + spec + "}");
    }

    @Test
    void acceptsAValidObjectAndFillsDefaults() {
        ObjectNode job = job("{'clusterRef':{'name':'daint'},'command':['echo'],'env':{'A':'1'},'memory':'4Gi',"
                + "'extra':{'anything':[1]},'nodes':2}");

        SchemaFindings findings = JOB_SCHEMA.apply(job);

        assertThat(findings.unknownFields()).isEmpty();
        assertThat(findings.violations()).isEmpty();
        assertThat(job.at("/spec/mpi").asText()).isEqualTo("none");
        assertThat(job.at("/spec/extra/anything/0").asInt()).isEqualTo(1);
        assertThat(job.at("/metadata/name").asText()).isEqualTo("j");
    }

    @Test
    void prunesAndReportsUnknownFields() {
        ObjectNode job = job("{'clusterRef':{'name':'daint','zone':'a'},'command':['echo'],'comand':['x']}");

        SchemaFindings findings = JOB_SCHEMA.apply(job);

        assertThat(findings.unknownFields()).containsExactly("spec.clusterRef.zone", "spec.comand");
        assertThat(job.at("/spec").has("comand")).isFalse();
        assertThat(job.at("/spec/clusterRef").has("zone")).isFalse();
    }

    @Test
    void dropsNullsUnlessNullable() {
        ObjectNode job = job("{'clusterRef':{'name':'daint'},'command':['echo'],'nodes':null,'note':null}");

        JOB_SCHEMA.apply(job);

        assertThat(job.at("/spec").has("nodes")).isFalse();
        assertThat(job.at("/spec/note").isNull()).isTrue();
    }

    @Test
    void reportsEveryViolationWithItsPath() {
        ObjectNode job = job("{'clusterRef':{'name':'Daint'},'command':[],'mpi':'openmpi','nodes':0,"
                + "'env':{'A':1},'memory':true,'note':'toolong'}");

        SchemaFindings findings = JOB_SCHEMA.apply(job);

        assertThat(findings.violations())
                .containsExactlyInAnyOrder(
                        "spec.clusterRef.name: Invalid value: \"Daint\": spec.clusterRef.name in body should match '^[a-z]+$'",
                        "spec.command: Invalid value: 0: spec.command in body should have at least 1 items",
                        "spec.mpi: Unsupported value: \"openmpi\": supported values: \"none\", \"pmi2\", \"pmix\"",
                        "spec.nodes: Invalid value: 0: spec.nodes in body should be greater than or equal to 1",
                        "spec.env.A: Invalid value: \"integer\": spec.env.A in body must be of type string: \"integer\"",
                        "spec.memory: Invalid value: \"boolean\": spec.memory in body must be of type integer,string: \"boolean\"",
                        "spec.note: Too long: may not be more than 5 bytes");
    }

    @Test
    void reportsMissingRequiredFields() {
        SchemaFindings findings = JOB_SCHEMA.apply(job("{'clusterRef':{}}"));

        assertThat(findings.violations())
                .containsExactlyInAnyOrder("spec.clusterRef.name: Required value", "spec.command: Required value");
    }
}
