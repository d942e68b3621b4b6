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

/** The node's expansion: image first in the host environment, the rest with the image's Env on top. */
class TwoStepExpansionTest {
    @TempDir
    Path dir;

    private static ResolvedEnvironment spec() {
        ResolvedEnvironment env = new ResolvedEnvironment();
        env.setImage("${REGISTRY}#app:${TAG}");
        env.setWorkdir("${APP_HOME}");
        env.setMounts(List.of(new Mount("${SCRATCH}/${TAG}", "/s", MountType.BIND, List.of())));
        env.setEnv(new LinkedHashMap<>(Map.of("V", "${CUDA_VERSION}")));
        return env;
    }

    @Test
    void theImageIsExpandedInTheHostEnvironmentAlone() throws EdfException {
        TwoStepExpansion t = TwoStepExpansion.of(spec(), "HPCENV_SPEC", dir);
        ResolvedEnvironment image = t.image(Map.of("REGISTRY", "r.io", "TAG", "1"));
        assertThat(image.getImage()).isEqualTo("r.io#app:1");
        assertThat(image.getImageRef()).isEqualTo(new ImageRef("r.io", "app", "1", null, null));
        assertThat(image.getMounts()).isEmpty();
        assertThat(image.getWorkdir()).isNull();
    }

    @Test
    void theRestSeesTheImageVariablesWhichWinOverTheHostsButCannotChangeTheImage() throws EdfException {
        TwoStepExpansion t = TwoStepExpansion.of(spec(), "HPCENV_SPEC", dir);
        Map<String, String> host =
                Map.of("REGISTRY", "r.io", "TAG", "1", "SCRATCH", "/scratch", "CUDA_VERSION", "host");
        ResolvedEnvironment image = t.image(host);
        ResolvedEnvironment all =
                t.rest(host, Map.of("APP_HOME", "/opt/app", "CUDA_VERSION", "12.4", "TAG", "2"), image);
        assertThat(all.getWorkdir()).isEqualTo("/opt/app");
        assertThat(all.getEnv()).containsExactly(Map.entry("V", "12.4"));
        assertThat(all.getMounts()).extracting(Mount::getSource).containsExactly("/scratch/2");
        assertThat(all.getImage()).isEqualTo("r.io#app:1");
        assertThat(all.getImageRef().getTag()).isEqualTo("1");
    }

    @Test
    void aVariableNeitherSideDefinesIsReportedWithItsFieldPath() throws EdfException {
        TwoStepExpansion t = TwoStepExpansion.of(spec(), "HPCENV_SPEC", dir);
        Map<String, String> host = Map.of("REGISTRY", "r.io", "TAG", "1", "SCRATCH", "/s", "CUDA_VERSION", "1");
        ResolvedEnvironment image = t.image(host);
        assertThatThrownBy(() -> t.rest(host, Map.of(), image))
                .isInstanceOfSatisfying(
                        EdfException.class,
                        e -> assertThat(e.getMessage())
                                .startsWith("HPCENV_SPEC: workdir: undefined variable ${APP_HOME}"));
        assertThatThrownBy(() -> t.image(Map.of("TAG", "1")))
                .isInstanceOfSatisfying(
                        EdfException.class,
                        e -> assertThat(e.getMessage())
                                .startsWith("HPCENV_SPEC: image: undefined variable ${REGISTRY}"));
    }

    @Test
    void anEdfResolutionKeepsFileAndLineInBothSteps() throws EdfException {
        TestSupport.write(dir, "app.toml", "image = \"${IMG}\"\nworkdir = \"${FROM_IMAGE}\"\n");
        EdfSearchPath path = EdfSearchPath.fromEnvironment(Map.of("EDF_PATH", dir.toString()), null, "");
        TwoStepExpansion t = TwoStepExpansion.of(new EdfResolver(path, dir).resolve("app"));
        ResolvedEnvironment image = t.image(Map.of("IMG", "./app.sqsh"));
        assertThat(image.getSquashfsPath()).isEqualTo(dir.resolve("app.sqsh").toString());
        assertThat(t.rest(Map.of(), Map.of("FROM_IMAGE", "/w"), image).getWorkdir())
                .isEqualTo("/w");
        assertThatThrownBy(() -> t.rest(Map.of(), Map.of(), image))
                .isInstanceOfSatisfying(
                        EdfException.class, e -> assertThat(e.getMessage()).contains("app.toml:2:"));
    }
}
