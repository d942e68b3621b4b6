package dev.hpcenv.operator.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.edf.cli.EdfCli;
import dev.hpcenv.edf.validate.EnvironmentRules;
import dev.hpcenv.edf.validate.RuleViolation;
import dev.hpcenv.operator.job.EnvironmentView;
import dev.hpcenv.operator.job.JobEnvironments;
import dev.hpcenv.operator.job.JobSpecValidator;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of environment variables and annotations, each given the same verdict by every place a
 * user can write it: {@code edf validate} on an EDF, the Ready condition of an HpcEnvironment and a
 * ClusterHpcEnvironment, an HpcJob's inline environment, and (for variables) an HpcJob's {@code spec.env}.
 */
class ValidationParityTest {
    private static final String MEGABYTE = "X".repeat(1 << 20);

    enum Field {
        ENV,
        ANNOTATION
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row(Field.ENV, "MY_VAR", "x", true),
                row(Field.ENV, "_lower_ok9", "1", true),
                row(Field.ENV, "GREETING", "grüße 😀", true),
                row(Field.ENV, "1A", "x", false),
                row(Field.ENV, "A-B", "x", false),
                row(Field.ENV, "A=B", "x", false),
                row(Field.ENV, "", "x", false),
                row(Field.ENV, "ÄB", "x", false),
                row(Field.ENV, "A B", "x", false),
                row(Field.ENV, "A\nB", "x", false),
                row(Field.ENV, MEGABYTE, "x", false),
                row(Field.ENV, "HUGE_VALUE", "v".repeat(200_000), false),
                row(Field.ENV, "NUL_VALUE", "a\0b", false),
                row(Field.ANNOTATION, "com.hooks.cxi.enabled", "true", true),
                row(Field.ANNOTATION, "nvidia.com/gpu-count", "1", true),
                row(Field.ANNOTATION, "com.example.medium", "v".repeat(10_000), true),
                row(Field.ANNOTATION, "org.hpcenv.spec", "x", false),
                row(Field.ANNOTATION, "run.oci.keep_original_groups", "1", false),
                row(Field.ANNOTATION, "", "x", false),
                row(Field.ANNOTATION, "has space", "x", false),
                row(Field.ANNOTATION, "com.example.huge", "v".repeat(100_000), false),
                row(Field.ANNOTATION, MEGABYTE, "x", false),
                // The documented hook annotations' values (HookAnnotationValues), the same everywhere.
                row(Field.ANNOTATION, "com.hooks.netstack.source", "artifact", true),
                row(Field.ANNOTATION, "com.hooks.netstack.source", "artefact", false),
                row(Field.ANNOTATION, "com.hooks.netstack.name", "shs:13.1.0", true),
                row(Field.ANNOTATION, "com.hooks.netstack.version", "../x", false),
                row(Field.ANNOTATION, "com.hooks.ssh.port", "2222", true),
                row(Field.ANNOTATION, "com.hooks.ssh.port", "99999999999999999999", false),
                row(Field.ANNOTATION, "com.hooks.ssh.port", "${SSH_PORT}", true),
                row(Field.ANNOTATION, "com.hooks.dcgm.enabled", "yes", false),
                row(Field.ANNOTATION, "com.hooks.aws_ofi_nccl.variant", "cuda13", true),
                row(Field.ANNOTATION, "com.pyxis.entrypoint_log", "true", true));
    }

    // Labels stay readable with a 1 MB key.
    private static Arguments row(Field field, String key, String value, boolean valid) {
        String label = field + " "
                + (key.length() > 40 ? key.substring(0, 10) + "...(" + key.length() + ")" : key)
                        .replace("\n", "\\n")
                        .replace("\0", "\\0")
                + (value.length() > 40 ? " (" + value.length() + " chars)" : "");
        return Arguments.of(Named.of(label, field), key, value, valid);
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void everyPathGivesTheSameVerdict(Field field, String key, String value, boolean valid) throws IOException {
        Optional<RuleViolation> rule =
                field == Field.ENV ? EnvironmentRules.variable(key, value) : EnvironmentRules.annotation(key, value);
        assertThat(rule.isEmpty()).as("the rule itself").isEqualTo(valid);
        String expected = rule.map(RuleViolation::message).orElse(null);

        // edf validate
        CliRun cli = edfValidate(field, key, value);
        assertThat(cli.code == 0).as("edf validate: %s", cli.err).isEqualTo(valid);
        assertOneLineEach(cli.err);
        if (!valid) {
            assertThat(cli.err)
                    .contains(field == Field.ENV ? "env." : "annotations.")
                    .contains(expected);
        }

        // HpcEnvironment and ClusterHpcEnvironment Ready condition
        Consumer<EnvironmentSpec> spec = s -> {
            s.setImage("alpine:3.19");
            put(field, s, key, value);
        };
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        MapLookups lookups = new MapLookups();
        HpcEnvironment env = Resources.environment("team-a", "app", spec);
        new HpcEnvironmentReconciler(
                        EnvironmentEventSources.ofHpcEnvironments(),
                        lookups,
                        new RecordingEvents(),
                        new OperatorMetrics(),
                        clock,
                        new UnreadableResources())
                .resolve(env);
        assertReady(env.getStatus().getConditions(), valid, field, expected);
        ClusterHpcEnvironment cluster = Resources.clusterEnvironment("site", spec);
        new ClusterHpcEnvironmentReconciler(
                        EnvironmentEventSources.ofClusterHpcEnvironments(),
                        lookups,
                        new RecordingEvents(),
                        new OperatorMetrics(),
                        clock,
                        new UnreadableResources())
                .resolve(cluster);
        assertReady(cluster.getStatus().getConditions(), valid, field, expected);

        // HpcJob: the inline environment, and spec.env for variables
        HpcJob job = Resources.job("j", s -> {
            s.setEnvironmentRef(null);
            EnvironmentSpec inline = new EnvironmentSpec();
            spec.accept(inline);
            s.setEnvironment(inline);
        });
        EnvironmentView view = new JobEnvironments(lookups).of(job.getMetadata(), job.getSpec());
        assertThat(view instanceof EnvironmentView.Ready)
                .as("inline environment: %s", view)
                .isEqualTo(valid);
        if (!valid) {
            assertThat(((EnvironmentView.NotReady) view).message()).contains(expected);
        }
        if (field == Field.ENV) {
            HpcJob withEnv = Resources.job("e", s -> s.setEnv(new LinkedHashMap<>(Map.of(key, value))));
            List<String> problems = JobSpecValidator.problems(withEnv.getSpec());
            assertThat(problems.isEmpty()).as("job spec.env: %s", problems).isEqualTo(valid);
            if (!valid) {
                assertThat(problems)
                        .singleElement()
                        .asString()
                        .startsWith("spec.env.")
                        .contains(expected)
                        .doesNotContain("\n")
                        .hasSizeLessThan(1000);
            }
        }
    }

    private static void put(Field field, EnvironmentSpec s, String key, String value) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(key, value);
        if (field == Field.ENV) {
            s.setEnv(map);
        } else {
            s.setAnnotations(map);
        }
    }

    private static void assertReady(List<Condition> conditions, boolean valid, Field field, String expected) {
        Condition ready = conditions.stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow();
        assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo(valid ? Condition.TRUE : Condition.FALSE);
        if (!valid) {
            assertThat(ready.getReason()).isEqualTo("Invalid");
            assertThat(ready.getMessage())
                    .contains(field == Field.ENV ? "spec.env." : "spec.annotations.")
                    .contains(expected)
                    .doesNotContain("\n")
                    .hasSizeLessThan(1000);
        }
    }

    private CliRun edfValidate(Field field, String key, String value) throws IOException {
        Path file = dir.resolve("case.toml");
        Files.writeString(
                file,
                "image = \"alpine:3.19\"\n[" + (field == Field.ENV ? "env" : "annotations") + "]\n" + toml(key) + " = "
                        + toml(value) + "\n",
                StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EdfCli.run(
                new String[] {"validate", file.toString()}, Map.of(), dir, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, err.toString());
    }

    private static void assertOneLineEach(String stderr) {
        stderr.lines().forEach(l -> assertThat(l).hasSizeLessThan(1000).doesNotContain("Exception"));
    }

    /** A TOML basic string. */
    private static String toml(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                b.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }

    private record CliRun(int code, String err) {}
}
