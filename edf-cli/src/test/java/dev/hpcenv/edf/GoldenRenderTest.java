package dev.hpcenv.edf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code edf render} of the paper's listings against JSON files checked in under
 * {@code src/test/resources/golden}. Paths of the corpus and the stubs are written as {@code $CORPUS} and
 * {@code $STUBS} there, so the files do not depend on where the checkout is. Set
 * {@code -Dhpcenv.updateGolden=true} to rewrite them after an intended change (and review the diff).
 */
class GoldenRenderTest {
    private static final Path CWD = Path.of("/users/alice/run");
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "listing1-all-params",
                "fourcastnet",
                "pytorch-24.01",
                "pytorch-debug",
                "cscs-mlp",
                "pytorch-on-mlp",
                "pytorch-wandb"
            })
    void rendersThePaperListings(String name) throws IOException {
        Path seed = TestSupport.corpus().resolve("seed");
        Path stubs = TestSupport.stubBases();
        // By name, through the search path: base resolution of pytorch-debug and pytorch-on-mlp included.
        var result = InProcessEdf.edf(
                CWD, TestSupport.VARS, "render", name, "--edf-path", seed + ":" + stubs, "--system-path", "");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String actual =
                result.out().replace(seed.getParent().toString(), "$CORPUS").replace(stubs.toString(), "$STUBS");

        Path golden = GOLDEN.resolve(name + ".json");
        if (Boolean.getBoolean("hpcenv.updateGolden")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual);
        }
        assertThat(golden).exists();
        assertThat(actual).isEqualTo(Files.readString(golden));
    }
}
