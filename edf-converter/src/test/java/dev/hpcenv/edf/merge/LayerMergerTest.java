package dev.hpcenv.edf.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.parse.EdfParser;
import dev.hpcenv.edf.parse.ParsedEdf;
import dev.hpcenv.edf.render.ResolvedEnvironmentBuilder;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerMergerTest {

    private static EnvironmentLayer layer(String name, String toml) {
        ParsedEdf parsed = new EdfParser(true).parseText(toml, name);
        assertThat(parsed.diagnostics()).isEmpty();
        return parsed.layer();
    }

    private static ResolvedEnvironment merge(EnvironmentLayer... layers) throws EdfException {
        return ResolvedEnvironmentBuilder.build(
                LayerMerger.merge("top", List.of(layers)), List.of(), Path.of("/cwd"), false);
    }

    @Test
    void scalarsLaterWinAndDefaultsApply() throws EdfException {
        ResolvedEnvironment env = merge(
                layer("a", "image = \"a:1\"\nworkdir = \"/a\"\nwritable = false\nentrypoint = true\n"),
                layer("b", "image = \"b:1\"\n"),
                layer("c", "entrypoint = false\n"));
        assertThat(env.getImage()).isEqualTo("b:1");
        assertThat(env.getWorkdir()).isEqualTo("/a");
        assertThat(env.isWritable()).isFalse();
        assertThat(env.isEntrypoint()).isFalse();

        ResolvedEnvironment defaults = merge(layer("d", ""));
        assertThat(defaults.isWritable()).isTrue();
        assertThat(defaults.isEntrypoint()).isFalse();
        assertThat(defaults.getImage()).isNull();
    }

    @Test
    void anEmptyValueUnsetsAVariableOfABaseAndALaterValueSetsItAgain() throws EdfException {
        EnvironmentLayer base = layer("base", "[env]\nA = \"1\"\nB = \"2\"\nC = \"3\"\n");
        EnvironmentLayer middle = layer("middle", "[env]\nA = \"\"\nB = \"\"\n");
        EnvironmentLayer top = layer("top", "[env]\nB = \"again\"\n");
        ResolvedEnvironment env = merge(base, middle, top);
        assertThat(env.getEnv()).containsExactly(Map.entry("B", "again"), Map.entry("C", "3"));
        assertThat(env.getUnsetEnv()).containsExactly("A");
    }

    @Test
    void annotationsMergeKeyByKeyWhateverTheirTomlForm() throws EdfException {
        EnvironmentLayer base = layer("base", "[annotations.com.hooks.ssh]\nenabled = \"true\"\nport = 15263\n");
        EnvironmentLayer top = layer("top", "[annotations]\ncom.hooks.ssh.port = \"51234\"\ncom.x = true\n");
        assertThat(merge(base, top).getAnnotations())
                .containsExactly(
                        Map.entry("com.hooks.ssh.enabled", "true"),
                        Map.entry("com.hooks.ssh.port", "51234"),
                        Map.entry("com.x", "true"));
    }

    @Test
    void mountsAppendAndASameTargetReplacesInPlace() throws EdfException {
        EnvironmentLayer base = layer("base", "mounts = [\"/a:/data\", \"/b:/other\", \"/capstor/\"]\n");
        EnvironmentLayer top = layer("top", "mounts = [\"/c:/data:ro\", \"/capstor\", \"/d.sqsh:/d:sqsh\"]\n");
        assertThat(merge(base, top).getMounts())
                .containsExactly(
                        new Mount("/c", "/data", MountType.BIND, List.of("ro")),
                        new Mount("/b", "/other", MountType.BIND, List.of()),
                        new Mount("/capstor", "/capstor", MountType.BIND, List.of()),
                        new Mount("/d.sqsh", "/d", MountType.SQUASHFS, List.of()));
    }

    @Test
    void devicesAppend() throws EdfException {
        assertThat(merge(
                                layer("a", "devices = [\"nvidia.com/gpu=all\"]\n"),
                                layer("b", "devices = [\"/dev/gdrdrv\"]\n"))
                        .getDevices())
                .containsExactly("nvidia.com/gpu=all", "/dev/gdrdrv");
    }

    @Test
    void relativePathsAreAnchoredToTheWorkingDirectoryNotTheFile() throws EdfException {
        ResolvedEnvironment env = merge(layer("a", """
                image = "./images/app.sqsh"
                containerfile = "./Containerfile"
                mounts = ["./data:/data", "../shared:/shared"]
                """));
        assertThat(env.getSquashfsPath()).isEqualTo("/cwd/images/app.sqsh");
        assertThat(env.getImage()).isEqualTo("./images/app.sqsh");
        assertThat(env.getContainerfile()).isEqualTo("/cwd/Containerfile");
        assertThat(env.getMounts()).extracting(Mount::getSource).containsExactly("/cwd/data", "/shared");
    }
}
