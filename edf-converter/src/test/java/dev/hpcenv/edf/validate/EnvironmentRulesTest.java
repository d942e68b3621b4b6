package dev.hpcenv.edf.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentRulesTest {

    @ParameterizedTest(name = "variable name ''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            value = {
                "PATH        | ",
                "_x9         | ",
                "lower_case  | ",
                "1A          | not a valid variable name",
                "A-B         | not a valid variable name",
                "A=B         | not a valid variable name",
                "A.B         | not a valid variable name",
                "ÄB          | not a valid variable name",
                "''          | empty variable name"
            })
    void variableNames(String name, String problem) {
        assertThat(EnvironmentRules.variableName(name)
                        .map(RuleViolation::message)
                        .orElse(null))
                .isEqualTo(problem);
    }

    @Test
    void aVariableHasTheKernelsSizeLimitCountedInUtf8Bytes() {
        // "A=" plus the value: 131072 bytes fit, one more does not; 'é' is two bytes.
        assertThat(EnvironmentRules.variable("A", "x".repeat(EnvironmentRules.MAX_VARIABLE_BYTES - 2)))
                .isEmpty();
        assertThat(EnvironmentRules.variable("A", "x".repeat(EnvironmentRules.MAX_VARIABLE_BYTES - 1))
                        .orElseThrow()
                        .message())
                .contains("131073 bytes")
                .contains("131072");
        assertThat(EnvironmentRules.variable("A", "é".repeat(EnvironmentRules.MAX_VARIABLE_BYTES / 2)))
                .isPresent();
        assertThat(EnvironmentRules.variable("A", null)).as("unset").isEmpty();
        assertThat(EnvironmentRules.variable("A", "a\0b").orElseThrow().message())
                .contains("NUL");
    }

    @Test
    void aMegabyteNameGivesAShortMessage() {
        String huge = "N".repeat(1 << 20);
        RuleViolation v = EnvironmentRules.variableName(huge).orElseThrow();
        assertThat(v.format()).hasSizeLessThan(200).contains("1048576 characters");
        var fields = EnvironmentRules.variables("spec.env.", Map.of(huge, "x", "A\nB", "y"));
        assertThat(fields)
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.format()).hasSizeLessThan(300).doesNotContain("\n"));
    }

    @ParameterizedTest(name = "annotation ''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            value = {
                "com.hooks.cxi.enabled                  | ",
                "com.hooks.aws_ofi_nccl.variant         | ",
                "nvidia.com/gpu                         | ",
                "run.oci.keep_original_groups           | reserved for the OCI runtime",
                "org.hpcenv.spec                        | reserved for the hpcenv shim",
                "''                                     | empty annotation key",
                "'with space'                           | not a valid annotation key",
                "'a=b'                                  | not a valid annotation key",
                ".leading.dot                           | not a valid annotation key"
            })
    void annotationKeys(String key, String problem) {
        Optional<String> message = EnvironmentRules.annotationKey(key).map(RuleViolation::message);
        if (problem == null) {
            assertThat(message).isEmpty();
        } else {
            assertThat(message).get().asString().contains(problem);
        }
    }

    @Test
    void annotationValuesHaveALimit() {
        assertThat(EnvironmentRules.annotation("com.x", "v".repeat(EnvironmentRules.MAX_ANNOTATION_VALUE_BYTES)))
                .isEmpty();
        assertThat(EnvironmentRules.annotation("com.x", "v".repeat(EnvironmentRules.MAX_ANNOTATION_VALUE_BYTES + 1)))
                .isPresent();
        assertThat(EnvironmentRules.annotation("a".repeat(254), "1")
                        .orElseThrow()
                        .message())
                .contains("254 characters");
    }

    @ParameterizedTest(name = "bind mount flag ''{0}'' -> {1}")
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            value = {
                "ro        | ",
                "rw        | ",
                "rprivate  | ",
                "nosuid    | ",
                "noexec    | ",
                "suid      | mount flag 'suid' is not allowed: bind mounts are always nosuid,nodev",
                "dev       | mount flag 'dev' is not allowed: bind mounts are always nosuid,nodev",
                "exec,suid | unsupported mount flag 'exec,suid'",
                "sqsh      | unsupported mount flag 'sqsh'",
                "''        | unsupported mount flag ''"
            })
    void bindMountFlags(String flag, String problem) {
        assertThat(EnvironmentRules.bindMountFlag(flag)
                        .map(RuleViolation::message)
                        .orElse(null))
                .isEqualTo(problem);
    }

    @Test
    void workdirIsAbsoluteOrAVariable() {
        assertThat(EnvironmentRules.workdir("/scratch")).isEmpty();
        assertThat(EnvironmentRules.workdir("${SCRATCH}/run")).isEmpty();
        assertThat(EnvironmentRules.workdir(null)).isEmpty();
        assertThat(EnvironmentRules.workdir("run1")).isPresent();
    }

    @Test
    void mapsNameEachField() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GOOD", "1");
        env.put("1BAD", "2");
        assertThat(EnvironmentRules.variables("spec.env.", env))
                .singleElement()
                .satisfies(f -> assertThat(f.format()).startsWith("spec.env.1BAD: not a valid variable name (hint: "));
        assertThat(EnvironmentRules.annotations("annotations.", Map.of("run.oci.x", "1")))
                .singleElement()
                .satisfies(f -> assertThat(f.field()).isEqualTo("annotations.run.oci.x"));
    }
}
