package dev.hpcenv.shim.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.image.ImageConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsResolverTest {
    private final ImageConfig image = new ImageConfig(List.of(), List.of("/entry.sh", "-x"), List.of("serve"), null);

    @Test
    void entrypointPrecedesTheCommandOrTheImageCmdOnlyWhenAskedFor() {
        assertThat(ArgsResolver.resolve(List.of("python"), false, image)).containsExactly("python");
        assertThat(ArgsResolver.resolve(List.of(), false, image)).containsExactly("serve");
        assertThat(ArgsResolver.resolve(List.of("python"), true, image)).containsExactly("/entry.sh", "-x", "python");
        assertThat(ArgsResolver.resolve(List.of(), true, image)).containsExactly("/entry.sh", "-x", "serve");
        assertThat(ArgsResolver.resolve(List.of(), false, ImageConfig.EMPTY)).containsExactly("/bin/sh");
    }
}
