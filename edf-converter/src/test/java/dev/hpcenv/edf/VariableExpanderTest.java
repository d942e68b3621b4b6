package dev.hpcenv.edf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.model.ImageRef;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API the node shim and the operator call. */
class VariableExpanderTest {
    @TempDir
    Path dir;

    private static ResolvedEnvironment spec() {
        ResolvedEnvironment env = new ResolvedEnvironment();
        env.setImage("${REGISTRY:-nvcr.io}#nvidia/pytorch:${TAG}");
        env.setMounts(List.of(
                new Mount("${DATA}", "/data", MountType.BIND, List.of()),
                new Mount("${SCRATCH}", "/s", MountType.BIND, List.of("ro"))));
        env.setEnv(new LinkedHashMap<>(Map.of("A", "${TOKEN_FILE}")));
        env.setUnsetEnv(List.of("GONE"));
        env.setBases(List.of("/x/base.toml", "/x/a.toml"));
        return env;
    }

    @Test
    void expandsAJsonSpecAndRederivesTheImage() throws EdfException {
        ResolvedEnvironment out = VariableExpander.expand(
                spec(),
                Map.of("TAG", "24.01-py3", "DATA", "/d", "SCRATCH", "/s", "TOKEN_FILE", "/t"),
                "HPCENV_SPEC",
                dir);
        assertThat(out.getImage()).isEqualTo("nvcr.io#nvidia/pytorch:24.01-py3");
        assertThat(out.getImageRef()).isEqualTo(new ImageRef("nvcr.io", "nvidia/pytorch", "24.01-py3", null, null));
        assertThat(out.getMounts()).extracting(Mount::getSource).containsExactly("/d", "/s");
        assertThat(out.getEnv()).containsExactly(Map.entry("A", "/t"));
        assertThat(out.getUnsetEnv()).containsExactly("GONE");
        assertThat(out.getBases()).containsExactly("/x/base.toml", "/x/a.toml");
    }

    @Test
    void errorsInAJsonSpecNameTheFieldPath() {
        assertThatThrownBy(() -> VariableExpander.expand(spec(), Map.of("TAG", "1", "SCRATCH", "/s"), "HPCENV_SPEC"))
                .isInstanceOfSatisfying(
                        EdfException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo(
                                        "HPCENV_SPEC: mounts[0].source: undefined variable ${DATA} (hint: set DATA in the environment,"
                                                + " or write ${DATA:-} for an empty default)\n"
                                                + "HPCENV_SPEC: env.A: undefined variable ${TOKEN_FILE} (hint: set TOKEN_FILE in the"
                                                + " environment, or write ${TOKEN_FILE:-} for an empty default)"));
    }

    @Test
    void aResolutionExpandsWithOriginsAndRelativePathsAnchoredToTheResolversDirectory() throws EdfException {
        TestSupport.write(dir, "base.toml", "mounts = [\"./data:/data\"]\n[env]\nHOME_COPY = \"${HOME}\"\n");
        TestSupport.write(dir, "app.toml", "base_environment = \"base\"\nimage = \"${IMG:-./app.sqsh}\"\n");
        EdfSearchPath path = EdfSearchPath.fromEnvironment(Map.of("EDF_PATH", dir.toString()), null, "");
        Resolution resolution = new EdfResolver(path, dir).resolve("app");

        assertThat(resolution.environment().getEnv()).containsEntry("HOME_COPY", "${HOME}");
        assertThat(resolution.merged().image().origin().line()).isEqualTo(2);

        ResolvedEnvironment env = VariableExpander.expand(resolution, Map.of("HOME", "/users/alice"));
        assertThat(env.getSquashfsPath()).isEqualTo(dir.resolve("app.sqsh").toString());
        assertThat(env.getMounts())
                .extracting(Mount::getSource)
                .containsExactly(dir.resolve("data").toString());
        assertThat(env.getEnv()).containsEntry("HOME_COPY", "/users/alice");
        assertThat(env.getBases())
                .containsExactly(
                        dir.resolve("base.toml").toString(),
                        dir.resolve("app.toml").toString());
    }

    @Test
    void aVariableThatHidesARelativeWordIsCaughtAfterExpansion() throws EdfException {
        TestSupport.write(dir, "a.toml", "mounts = [\"${DATA}:/data\"]\n");
        Resolution resolution =
                new EdfResolver(EdfSearchPath.fromEnvironment(Map.of(), null, ""), dir).resolve("./a.toml");
        assertThatThrownBy(() -> VariableExpander.expand(resolution, Map.of("DATA", "data")))
                .hasMessage("./a.toml:1:11: mounts[0].source: mount source 'data' (from '${DATA}') is not an absolute"
                        + " path (hint: the variable must expand to an absolute path)");
    }

    @Test
    void searchPathDefaults() {
        EdfSearchPath defaults = EdfSearchPath.fromEnvironment(Map.of("HOME", "/users/alice"), null, null);
        assertThat(defaults.userDirectories()).containsExactly(Path.of("/users/alice/.edf"));
        assertThat(defaults.systemDirectories()).containsExactly(Path.of("/etc/hpcenv/edf"));

        EdfSearchPath fromEnv = EdfSearchPath.fromEnvironment(
                Map.of("HOME", "/h", "EDF_PATH", "/a::/b", "HPCENV_EDF_SYSTEM_PATH", "/sys1:/sys2"), null, null);
        assertThat(fromEnv.userDirectories()).containsExactly(Path.of("/a"), Path.of("/b"));
        assertThat(fromEnv.systemDirectories()).containsExactly(Path.of("/sys1"), Path.of("/sys2"));

        EdfSearchPath overridden =
                EdfSearchPath.fromEnvironment(Map.of("EDF_PATH", "/a", "HPCENV_EDF_SYSTEM_PATH", "/sys"), "/o", "/s");
        assertThat(overridden.all()).containsExactly(Path.of("/o"), Path.of("/s"));
    }

    @Test
    void rederivesImagesAfterExpansion() throws EdfException {
        ResolvedEnvironment env = new ResolvedEnvironment();
        env.setImage("./img.sqsh");
        ResolvedImages.rederive(env, Path.of("/jobs/1"), "HPCENV_SPEC");
        assertThat(env.getSquashfsPath()).isEqualTo("/jobs/1/img.sqsh");
        assertThat(env.getImageRef()).isNull();

        env.setImage("Bad Image");
        assertThatThrownBy(() -> ResolvedImages.rederive(env, Path.of("/"), "HPCENV_SPEC"))
                .hasMessage("HPCENV_SPEC: image: image 'Bad Image' contains whitespace");
    }
}
