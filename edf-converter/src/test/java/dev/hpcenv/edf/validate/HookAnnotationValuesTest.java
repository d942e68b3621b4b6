package dev.hpcenv.edf.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The documented hook annotations' values, as every place that validates an environment sees them. */
class HookAnnotationValuesTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("com.hooks.cxi.enabled", "true", null),
                Arguments.of("com.hooks.cxi.enabled", "false", null),
                Arguments.of(
                        "com.hooks.cxi.enabled", "yes", "'yes' is not a switch value; allowed: \"true\", \"false\""),
                Arguments.of(
                        "com.hooks.dcgm.enabled", "True", "'True' is not a switch value; allowed: \"true\", \"false\""),
                Arguments.of(
                        "com.hooks.nvidia_cuda_mps.enabled",
                        "1",
                        "'1' is not a switch value; allowed: \"true\", \"false\""),
                Arguments.of("com.hooks.ssh.enabled", "", "'' is not a switch value; allowed: \"true\", \"false\""),
                Arguments.of("com.hooks.netstack.source", "host", null),
                Arguments.of("com.hooks.netstack.source", "artifact", null),
                Arguments.of(
                        "com.hooks.netstack.source",
                        "artefact",
                        "unknown network stack source 'artefact'; allowed: host, artifact"),
                Arguments.of("com.hooks.netstack.version", "latest", null),
                Arguments.of("com.hooks.netstack.version", "26.05.1", null),
                Arguments.of("com.hooks.netstack.name", "default", null),
                Arguments.of("com.hooks.netstack.name", "shs:13.1.0", null),
                Arguments.of("com.hooks.netstack.name", "gpu:cuda13,cxi:12.0.1,ofi:2.5.1,aws:1.18.0+dl", null),
                Arguments.of(
                        "com.hooks.netstack.version",
                        "../../etc",
                        "'../../etc' is not a network stack artifact version (one name: letters, digits and . _ - : , + = @, no '/')"),
                Arguments.of(
                        "com.hooks.netstack.name",
                        "a/b",
                        "'a/b' is not a network stack artifact name (one name: letters, digits and . _ - : , + = @, no '/')"),
                Arguments.of(
                        "com.hooks.netstack.name",
                        "..",
                        "'..' is not a network stack artifact name (one name: letters, digits and . _ - : , + = @, no '/')"),
                Arguments.of("com.hooks.aws_ofi_nccl.variant", "cuda13", null),
                Arguments.of("com.hooks.aws_ofi_nccl.variant", "rocm5", null),
                Arguments.of("com.hooks.aws_ofi_nccl.variant", "cuda11", null),
                Arguments.of(
                        "com.hooks.aws_ofi_nccl.variant",
                        "cuda 12",
                        "'cuda 12' is not a plugin variant (one name: letters, digits and . _ - : , + = @, no '/')"),
                Arguments.of("com.hooks.ssh.port", "15263", null),
                Arguments.of("com.hooks.ssh.port", "1", null),
                Arguments.of("com.hooks.ssh.port", "65535", null),
                Arguments.of("com.hooks.ssh.port", "0", "'0' is not a TCP port; allowed: 1 to 65535"),
                Arguments.of("com.hooks.ssh.port", "65536", "'65536' is not a TCP port; allowed: 1 to 65535"),
                Arguments.of("com.hooks.ssh.port", "-1", "'-1' is not a TCP port; allowed: 1 to 65535"),
                Arguments.of(
                        "com.hooks.ssh.port",
                        "99999999999999999999",
                        "'99999999999999999999' is not a TCP port; allowed: 1 to 65535"),
                Arguments.of("com.hooks.ssh.port", "22x", "'22x' is not a TCP port; allowed: 1 to 65535"),
                Arguments.of("com.hooks.mysite.enabled", "yes", null),
                Arguments.of("com.pyxis.entrypoint_log", "true", null));
    }

    @ParameterizedTest(name = "{0} = ''{1}'' -> {2}")
    @MethodSource("table")
    void documentedKeysHaveTheirDocumentedValues(String key, String value, String problem) {
        assertThat(HookAnnotationValues.check(key, value)
                        .map(RuleViolation::message)
                        .orElse(null))
                .isEqualTo(problem);
        assertThat(EnvironmentRules.annotation(key, value)
                        .map(RuleViolation::message)
                        .orElse(null))
                .as("EnvironmentRules applies the same rule")
                .isEqualTo(problem);
    }

    @ParameterizedTest(name = "{0} = ''{1}'' is checked on the node after expansion")
    @CsvSource(
            delimiter = '|',
            value = {"com.hooks.ssh.port | ${PORT}", "com.hooks.netstack.source | ${NETSTACK:-host}"})
    void valuesWithVariablesWaitForExpansion(String key, String value) {
        assertThat(EnvironmentRules.annotation(key, value)).isEmpty();
    }
}
