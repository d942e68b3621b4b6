package dev.hpcenv.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CE's two documented rules for variables and paths (edf.md, "Environment variable expansion"
 * and "Relative paths expansion", cscs-docs 80abed138e): an {@code [env]} entry cannot refer to
 * other {@code [env]} entries, of the same file or of a base, so {@code ${X}} in an {@code [env]}
 * value comes from the host (and image) environment only; and relative paths start with
 * {@code ./}, relative to the directory the job starts in, not to the EDF.
 */
class EnvReferenceRulesTest {
    private static final Path CWD = Path.of("/users/alice/run");

    @TempDir
    Path dir;

    static Stream<Arguments> envTable() {
        Map<String, String> login = Map.of(
                "HOME", "/users/alice", "USER", "alice", "PATH", "/usr/bin:/bin", "A", "host-a", "LANG_NAME", "Zürich");
        return Stream.of(
                // name, [env] lines, host variables, expected [env] values (null: an error mentioning the text)
                Arguments.of("literal", "A = \"x\"", login, Map.of("A", "x")),
                Arguments.of(
                        "chain A->B takes A from the host",
                        "A = \"env-a\"\nB = \"${A}\"",
                        login,
                        Map.of("A", "env-a", "B", "host-a")),
                Arguments.of(
                        "chain B->C->D, none from [env]",
                        "C = \"c\"\nD = \"${C:-none}/${B:-none}\"",
                        login,
                        Map.of("C", "c", "D", "none/none")),
                Arguments.of(
                        "self-reference extends the host's value",
                        "PATH = \"${PATH}:/custom/bin\"",
                        login,
                        Map.of("PATH", "/usr/bin:/bin:/custom/bin")),
                Arguments.of(
                        "a login shell's variables",
                        "W = \"${HOME}/w-${USER}\"",
                        login,
                        Map.of("W", "/users/alice/w-alice")),
                Arguments.of(
                        "non-ASCII values pass through",
                        "G = \"grüße 😀 ${LANG_NAME}\"",
                        login,
                        Map.of("G", "grüße 😀 Zürich")),
                Arguments.of("escaped $$ is literal", "E = \"$${A}\"", login, Map.of("E", "${A}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envTable")
    void envEntriesSeeTheHostEnvironmentOnly(
            String name, String envLines, Map<String, String> host, Map<String, String> expected) throws EdfException {
        TestSupport.write(dir, "e.toml", "image = \"ubuntu:24.04\"\n[env]\n" + envLines + "\n");

        ResolvedEnvironment out = VariableExpander.expand(resolve("./e.toml"), host);

        assertThat(out.getEnv()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void aChainToAnEnvEntryTheHostLacksIsAnErrorThatSaysWhy() {
        TestSupport.write(dir, "e.toml", "image = \"ubuntu:24.04\"\n[env]\nA = \"x\"\nB = \"${A}/y\"\n");

        assertThatThrownBy(() -> VariableExpander.expand(resolve("./e.toml"), Map.of()))
                .isInstanceOfSatisfying(
                        EdfException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo(
                                        "./e.toml:4:1: env.B: undefined variable ${A} (hint: [env] entries cannot refer to"
                                                + " other [env] entries (A is set at ./e.toml:3); set A in the environment the job is"
                                                + " submitted from, or write the value itself)"));
    }

    @Test
    void aSelfReferenceWithoutAHostValueIsAnErrorNotALoop() {
        TestSupport.write(dir, "e.toml", "image = \"ubuntu:24.04\"\n[env]\nX = \"${X}:1\"\n");

        assertThatThrownBy(() -> VariableExpander.expand(resolve("./e.toml"), Map.of()))
                .isInstanceOfSatisfying(
                        EdfException.class,
                        e -> assertThat(e.getMessage())
                                .startsWith("./e.toml:3:1: env.X: undefined variable ${X}")
                                .contains("cannot refer to other [env] entries"));
    }

    @Test
    void anEntryOfABaseIsNotVisibleEither() throws EdfException {
        TestSupport.write(dir, "base.toml", "image = \"ubuntu:24.04\"\n[env]\nROOT = \"/opt/base\"\n");
        TestSupport.write(dir, "e.toml", "base_environment = \"./base.toml\"\n[env]\nBIN = \"${ROOT:-unset}/bin\"\n");

        ResolvedEnvironment out = VariableExpander.expand(resolve("./e.toml"), Map.of());

        assertThat(out.getEnv()).containsEntry("ROOT", "/opt/base").containsEntry("BIN", "unset/bin");
    }

    @Test
    void onTheNodeTheImageEnvironmentCountsButNotTheEnvTable() throws EdfException {
        TestSupport.write(
                dir, "e.toml", "image = \"ubuntu:24.04\"\n[env]\nA = \"env\"\nB = \"${A}\"\nC = \"${CUDA}\"\n");
        TwoStepExpansion two = TwoStepExpansion.of(resolve("./e.toml"));
        ResolvedEnvironment image = two.image(Map.of("A", "host"));

        ResolvedEnvironment out = two.rest(Map.of("A", "host"), Map.of("CUDA", "12.4"), image);

        assertThat(out.getEnv()).containsEntry("B", "host").containsEntry("C", "12.4");
    }

    static Stream<Arguments> relativePathTable() {
        return Stream.of(
                // name, EDF text, the error (null: valid), what a valid one renders to
                Arguments.of("mount source ./", "mounts = [\"./data:/data\"]", null, "/users/alice/run/data"),
                Arguments.of("mount source ../", "mounts = [\"../data:/data\"]", null, "/users/alice/data"),
                Arguments.of(
                        "mount source without ./",
                        "mounts = [\"data:/data\"]",
                        "mount source 'data' must be an absolute path or start with ./",
                        null),
                Arguments.of("image ./", "image = \"./img.sqsh\"", null, "/users/alice/run/img.sqsh"),
                Arguments.of(
                        "image without ./",
                        "image = \"img.sqsh\"",
                        "image 'img.sqsh' looks like a Squashfs file, but a relative path starts with ./",
                        null),
                Arguments.of(
                        "image in a subdirectory without ./",
                        "image = \"images/img.squashfs\"",
                        "image 'images/img.squashfs' looks like a Squashfs file, but a relative path starts with ./",
                        null),
                Arguments.of("workdir ./", "image = \"ubuntu\"\nworkdir = \"./out\"", null, "/users/alice/run/out"),
                Arguments.of(
                        "workdir without ./",
                        "image = \"ubuntu\"\nworkdir = \"out\"",
                        "workdir: not an absolute path, and a relative one starts with ./",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("relativePathTable")
    void relativePathsStartWithDotSlashAndAnchorToTheJobsDirectory(
            String name, String text, String error, String rendered) throws EdfException {
        Path sub = dir.resolve("edfs");
        TestSupport.write(sub, "e.toml", text + "\n");
        String file = sub.resolve("e.toml").toString();

        if (error != null) {
            assertThatThrownBy(() -> resolveFrom(CWD, file))
                    .isInstanceOfSatisfying(
                            EdfException.class,
                            e -> assertThat(e.getMessage())
                                    .startsWith(file + ":")
                                    .contains(error)
                                    .doesNotContain("\n"));
            return;
        }
        ResolvedEnvironment out = VariableExpander.expand(resolveFrom(CWD, file), Map.of());
        List<String> paths = new java.util.ArrayList<>();
        out.getMounts().forEach(m -> paths.add(m.getSource()));
        paths.add(out.getSquashfsPath());
        paths.add(out.getWorkdir());
        // Relative to the job's directory, never to the EDF's (dir/edfs).
        assertThat(paths).contains(rendered).noneMatch(p -> p != null && p.startsWith(sub.toString()));
    }

    private Resolution resolve(String reference) throws EdfException {
        return resolveFrom(dir, reference);
    }

    private Resolution resolveFrom(Path workingDirectory, String reference) throws EdfException {
        return new EdfResolver(new EdfSearchPath(List.of(dir), List.of()), workingDirectory).resolve(reference);
    }
}
