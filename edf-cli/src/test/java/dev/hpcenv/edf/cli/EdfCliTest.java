package dev.hpcenv.edf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hpcenv.edf.InProcessEdf;
import dev.hpcenv.edf.InProcessEdf.CliResult;
import dev.hpcenv.edf.TestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exit codes and output shapes of the edf command, run in-process. */
class EdfCliTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/users/alice", "SCRATCH", "/scratch/alice");

    @TempDir
    Path dir;

    private CliResult edf(String... args) {
        return InProcessEdf.edf(dir, ENV, args);
    }

    private void files() {
        TestSupport.write(dir, "base.toml", """
                image = "nvcr.io#nvidia/pytorch:24.01-py3"
                mounts = ["${SCRATCH}:/scratch"]
                [env]
                A = "1"
                """);
        TestSupport.write(dir, "shared.toml", "devices = [\"nvidia.com/gpu=all\"]\n");
        TestSupport.write(dir, "left.toml", "base_environment = [\"shared\"]\nworkdir = \"/l\"\n");
        TestSupport.write(dir, "My_App.toml", """
                base_environment = ["base", "left", "./shared.toml"]
                workdir = "${SCRATCH}/w"
                [env]
                A = ""
                [annotations]
                com.hooks.cxi.enabled = true
                """);
    }

    @Test
    void usageErrorsExitTwo() {
        files();
        assertThat(edf().exitCode()).isEqualTo(2);
        assertThat(edf("frobnicate").exitCode()).isEqualTo(2);
        assertThat(edf("render").exitCode()).isEqualTo(2);
        assertThat(edf("render", "--bogus", "x").exitCode()).isEqualTo(2);
        assertThat(edf("validate").exitCode()).isEqualTo(2);
        assertThat(edf("convert", "./base.toml", "--flatten", "--recursive").exitCode())
                .isEqualTo(2);
        assertThat(edf("convert", "./base.toml", "--cluster-scoped", "--namespace", "ns")
                        .exitCode())
                .isEqualTo(2);
        assertThat(edf("convert", "./base.toml", "--name", "Not_Valid").exitCode())
                .isEqualTo(2);
        assertThat(edf("convert", "x.yaml", "--to-edf", "--flatten").exitCode()).isEqualTo(2);
        CliResult r = edf("convert", "./base.toml", "--flatten", "--recursive");
        assertThat(r.err())
                .contains("--flatten and --recursive exclude each other")
                .contains("Usage: edf convert");
        assertThat(edf("--help").exitCode()).isZero();
    }

    @Test
    void renderPrintsExactlyTheContractFields() throws IOException {
        files();
        CliResult r = edf("render", "./My_App.toml", "--edf-path", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(r.out());
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactly(
                        "image",
                        "imageRef",
                        "squashfsPath",
                        "containerfile",
                        "workdir",
                        "entrypoint",
                        "writable",
                        "mounts",
                        "env",
                        "unsetEnv",
                        "annotations",
                        "devices",
                        "bases");
        assertThat(json.get("imageRef").get("registry").asText()).isEqualTo("nvcr.io");
        assertThat(json.get("workdir").asText()).isEqualTo("/scratch/alice/w");
        assertThat(json.get("mounts").get(0).get("type").asText()).isEqualTo("bind");
        assertThat(json.get("unsetEnv").get(0).asText()).isEqualTo("A");
        assertThat(json.get("annotations").get("com.hooks.cxi.enabled").asText())
                .isEqualTo("true");
        // shared.toml is applied twice (through left and directly): the list says what was applied, in order.
        assertThat(json.get("bases").toString())
                .isEqualTo(new ObjectMapper()
                        .writeValueAsString(List.of(
                                dir + "/base.toml",
                                dir + "/shared.toml",
                                dir + "/left.toml",
                                dir + "/shared.toml",
                                dir + "/My_App.toml")));
        assertThat(json.get("devices").size()).isEqualTo(2);
    }

    @Test
    void renderNoExpandKeepsVariables() throws IOException {
        files();
        CliResult r = edf("render", "./My_App.toml", "--edf-path", dir.toString(), "--no-expand");
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("workdir").asText()).isEqualTo("${SCRATCH}/w");
        assertThat(json.get("mounts").get(0).get("source").asText()).isEqualTo("${SCRATCH}");
    }

    @Test
    void validateReportsEachFileAndExitsOneIfAnyIsInvalid() {
        files();
        TestSupport.write(dir, "bad.toml", "writable = \"no\"\n");
        CliResult r = edf("validate", "--edf-path", dir.toString(), "./base.toml", "./bad.toml", "My_App");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("./base.toml: valid\nMy_App: valid\n");
        assertThat(r.err())
                .isEqualTo("./bad.toml:1:1: writable: must be a boolean, not a string (hint: write true or false)\n");
    }

    @Test
    void convertKeepsBasesAsReferencesByDefault() throws IOException {
        files();
        CliResult r = edf("convert", "./My_App.toml", "--namespace", "ml");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode doc = new YAMLMapper().readTree(r.out());
        assertThat(doc.get("apiVersion").asText()).isEqualTo("hpcenv.dev/v1alpha1");
        assertThat(doc.get("kind").asText()).isEqualTo("HpcEnvironment");
        assertThat(doc.get("metadata").get("name").asText()).isEqualTo("my-app");
        assertThat(doc.get("metadata").get("namespace").asText()).isEqualTo("ml");
        assertThat(doc.get("spec").get("baseEnvironments").toString()).isEqualTo("[\"base\",\"left\",\"shared\"]");
        assertThat(doc.get("spec").get("workdir").asText()).isEqualTo("${SCRATCH}/w");
        assertThat(doc.get("spec").get("env").get("A").asText()).isEmpty();
        // A string that looks like a boolean stays a string for the API server.
        assertThat(r.out()).contains("com.hooks.cxi.enabled: \"true\"");
    }

    @Test
    void convertRecursiveEmitsEveryBaseOnceBeforeTheEnvironment() throws IOException {
        files();
        CliResult r = edf("convert", "./My_App.toml", "--recursive", "--cluster-scoped", "--edf-path", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<JsonNode> docs = new YAMLMapper()
                .readerFor(JsonNode.class)
                .<JsonNode>readValues(r.out())
                .readAll();
        assertThat(docs)
                .extracting(d -> d.get("metadata").get("name").asText())
                .containsExactly("base", "shared", "left", "my-app");
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.get("kind").asText()).isEqualTo("ClusterHpcEnvironment");
            assertThat(d.get("metadata").has("namespace")).isFalse();
        });
        assertThat(r.out()).contains("\n---\n");
    }

    @Test
    void convertFlattenMergesAndExpandExpands() throws IOException {
        files();
        CliResult r =
                edf("convert", "./My_App.toml", "--flatten", "--expand", "--name", "app", "--edf-path", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode spec = new YAMLMapper().readTree(r.out()).get("spec");
        assertThat(spec.has("baseEnvironments")).isFalse();
        assertThat(spec.get("image").asText()).isEqualTo("nvcr.io#nvidia/pytorch:24.01-py3");
        assertThat(spec.get("workdir").asText()).isEqualTo("/scratch/alice/w");
        assertThat(spec.get("mounts").get(0).get("source").asText()).isEqualTo("/scratch/alice");
        assertThat(spec.get("devices").size()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--expand"})
    void convertToEdfRoundTripsThroughYaml(String expand) throws IOException {
        files();
        List<String> args = new ArrayList<>(List.of("convert", "./My_App.toml"));
        if (!expand.isEmpty()) {
            args.add(expand);
        }
        CliResult yaml = edf(args.toArray(String[]::new));
        Files.writeString(dir.resolve("app.yaml"), yaml.out());
        CliResult toml = edf("convert", "--to-edf", "app.yaml");
        assertThat(toml.exitCode()).as(toml.toString()).isZero();
        assertThat(toml.out())
                .startsWith("# Converted by edf convert --to-edf from HpcEnvironment my-app\n")
                .contains("base_environment = [\n    \"base\",\n    \"left\",\n    \"shared\",\n]\n")
                .contains("\"com.hooks.cxi.enabled\" = \"true\"");
    }

    @Test
    void convertToEdfOfSeveralResourcesNeedsAnOutputDirectory() throws IOException {
        files();
        CliResult yaml = edf("convert", "./My_App.toml", "--recursive", "--edf-path", dir.toString());
        Files.writeString(dir.resolve("all.yaml"), yaml.out());
        CliResult toStdout = edf("convert", "--to-edf", "all.yaml");
        assertThat(toStdout.exitCode()).isEqualTo(1);
        assertThat(toStdout.err())
                .isEqualTo("all.yaml: contains 4 environments; an EDF holds one"
                        + " (hint: give --output-dir DIR to write one NAME.toml each)\n");

        CliResult toDir = edf("convert", "--to-edf", "all.yaml", "--output-dir", "out");
        assertThat(toDir.exitCode()).as(toDir.toString()).isZero();
        try (var listing = Files.list(dir.resolve("out"))) {
            assertThat(listing.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("base.toml", "left.toml", "my-app.toml", "shared.toml");
        }
    }

    @Test
    void convertToEdfRejectsBadResourcesWithTheirLine() {
        TestSupport.write(dir, "wrong-kind.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        assertThat(edf("convert", "--to-edf", "wrong-kind.yaml").err())
                .isEqualTo("wrong-kind.yaml:1: document 1: apiVersion 'v1' is not hpcenv.dev/v1alpha1"
                        + " (hint: write apiVersion: hpcenv.dev/v1alpha1)\n");

        TestSupport.write(dir, "unknown-field.yaml", """
                apiVersion: hpcenv.dev/v1alpha1
                kind: HpcEnvironment
                metadata:
                  name: x
                spec:
                  imag: ubuntu
                """);
        CliResult r = edf("convert", "--to-edf", "unknown-field.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("unknown-field.yaml:6: unknown field 'spec.imag'"
                        + " (hint: see kubectl explain hpcenvironment.spec for the fields and their types)\n");

        TestSupport.write(dir, "bad-type.yaml", """
                apiVersion: hpcenv.dev/v1alpha1
                kind: HpcEnvironment
                metadata:
                  name: x
                spec:
                  writable: [1]
                """);
        assertThat(edf("convert", "--to-edf", "bad-type.yaml").err())
                .startsWith("bad-type.yaml:6: ")
                .contains("spec.writable: wrong type or value (expected true or false)");

        TestSupport.write(dir, "colon.yaml", """
                apiVersion: hpcenv.dev/v1alpha1
                kind: HpcEnvironment
                metadata:
                  name: x
                spec:
                  mounts:
                    - source: /a:b
                      target: /c
                """);
        TestSupport.write(dir, "no-target.yaml", """
                apiVersion: hpcenv.dev/v1alpha1
                kind: HpcEnvironment
                metadata:
                  name: x
                spec:
                  mounts:
                    - source: /a
                  devices: [null]
                """);
        assertThat(edf("convert", "--to-edf", "no-target.yaml").err())
                .isEqualTo(
                        "no-target.yaml: HpcEnvironment/x: spec.mounts[0]: mount target '' must be an absolute path or start"
                                + " with ./ (hint: write /abs/path, ./relative/path or ${VAR})\n");

        CliResult colon = edf("convert", "--to-edf", "colon.yaml");
        assertThat(colon.exitCode()).isEqualTo(1);
        assertThat(colon.err()).startsWith("colon.yaml: HpcEnvironment/x: cannot be written as an EDF");
        assertThat(dir.resolve("x.toml")).doesNotExist();
    }

    @Test
    void warningsGoToStderrAndDoNotChangeTheExitCode() {
        TestSupport.write(dir, "w.toml", "image = \"ubuntu\"\nhooks = []\n");
        CliResult r = edf("render", "./w.toml");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).startsWith("./w.toml:2:1: warning: unknown key 'hooks'");
        assertThat(r.out()).startsWith("{");
    }
}
