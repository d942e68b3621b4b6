package dev.hpcenv.shim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.run.RunRequest;
import dev.hpcenv.shim.spec.EnvironmentSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunArgumentsTest {

    @Test
    void parsesEveryOptionAndTheCommandAfterTheSeparator() {
        RunRequest r = RunArguments.parse(
                List.of(
                        "--environment",
                        "pytorch",
                        "--edf-path=/a:/b",
                        "--workdir",
                        "/w",
                        "--env",
                        "A=1",
                        "--env=B=x=y",
                        "--",
                        "python",
                        "--version"),
                Map.of());
        assertThat(r.source()).isEqualTo(new EnvironmentSource.Edf("pytorch", "/a:/b"));
        assertThat(r.workdir()).isEqualTo("/w");
        assertThat(r.env()).isEqualTo(Map.of("A", "1", "B", "x=y"));
        assertThat(r.command()).containsExactly("python", "--version");
    }

    @Test
    void progressIsAskedForOnlyBeforeTheCommand() {
        assertThat(RunArguments.parse(List.of("--spec", "s.json", "--", "true"), Map.of())
                        .progress())
                .isFalse();
        assertThat(RunArguments.parse(List.of("--progress", "--spec", "s.json", "--", "true"), Map.of())
                        .progress())
                .isTrue();
        RunRequest r = RunArguments.parse(List.of("--spec", "s.json", "--", "tool", "--progress"), Map.of());
        assertThat(r.progress()).isFalse();
        assertThat(r.command()).containsExactly("tool", "--progress");
    }

    @Test
    void theCommandMayFollowWithoutSeparatorAndKeepsItsOwnOptions() {
        RunRequest r = RunArguments.parse(List.of("--spec", "s.json", "ls", "-l", "--env", "X=1"), Map.of());
        assertThat(r.source()).isEqualTo(new EnvironmentSource.SpecFile(Path.of("s.json")));
        assertThat(r.command()).containsExactly("ls", "-l", "--env", "X=1");
        assertThat(r.env()).isEmpty();
    }

    @Test
    void rejectsAmbiguousOrMissingSourcesAndBadValuesAsUsageErrors() {
        assertUsage(List.of("--", "true"), "exactly one of");
        assertUsage(List.of("--spec", "a", "--spec-env", "B", "--", "true"), "exactly one of");
        assertUsage(List.of("--spec-env", "V", "--env", "novalue", "--", "true"), "expected NAME=VALUE");
        assertUsage(List.of("--spec-env", "V", "--bogus", "--", "true"), "unknown option --bogus");
        assertUsage(List.of("--spec-env"), "needs a value");
        assertUsage(List.of("--spec", "a", "--edf-path", "/x", "--", "true"), "--edf-path only applies");
    }

    @Test
    void argvEnvTakesTheCommandWordForWordFromAJsonArray() {
        String hostile = "a \"quoted\" $(touch /tmp/x) `id`\nline2; rm -rf /";
        RunRequest r = RunArguments.parse(
                List.of("--spec-env", "S", "--argv-env", "ARGV"),
                Map.of(
                        "ARGV",
                        "[\"/bin/echo\", \""
                                + hostile.replace("\\", "\\\\")
                                        .replace("\"", "\\\"")
                                        .replace("\n", "\\n") + "\", \"\"]"));
        assertThat(r.command()).containsExactly("/bin/echo", hostile, "");
        assertThat(RunArguments.parse(List.of("--spec-env", "S", "--argv-env=ARGV"), Map.of("ARGV", "[]"))
                        .command())
                .as("an empty argv means the image's default command")
                .isEmpty();
    }

    @Test
    void argvEnvThatIsMissingMalformedOrCombinedWithACommandIsAUsageError() {
        assertUsage(List.of("--spec-env", "S", "--argv-env", "ARGV"), Map.of(), "ARGV: the variable is not set");
        assertUsage(List.of("--spec-env", "S", "--argv-env", "ARGV"), Map.of("ARGV", "[\"a\""), "ARGV: not valid JSON");
        assertUsage(List.of("--spec-env", "S", "--argv-env", "ARGV"), Map.of("ARGV", "{\"a\":1}"), "not a JSON array");
        assertUsage(
                List.of("--spec-env", "S", "--argv-env", "ARGV"),
                Map.of("ARGV", "[\"a\", 1]"),
                "element 1 is not a string");
        assertUsage(
                List.of("--spec-env", "S", "--argv-env", "ARGV", "--", "true"),
                Map.of("ARGV", "[]"),
                "give one of them");
    }

    private static void assertUsage(List<String> args, String text) {
        assertUsage(args, Map.of(), text);
    }

    private static void assertUsage(List<String> args, Map<String, String> env, String text) {
        assertThatThrownBy(() -> RunArguments.parse(args, env))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(text)
                .satisfies(e -> assertThat(((ShimException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
