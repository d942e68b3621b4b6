package dev.hpcenv.shim.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSizeTest {
    private static final String MANIFEST = "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:c\",\"size\":100},"
            + "\"layers\":[{\"digest\":\"sha256:l1\",\"size\":1000},{\"digest\":\"sha256:l2\",\"size\":20}]}";
    private static final String INDEX = "{\"manifests\":["
            + "{\"digest\":\"sha256:arm\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}},"
            + "{\"digest\":\"sha256:amd\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";

    @Test
    void aManifestsDownloadIsItsConfigAndLayers() throws Exception {
        List<String> asked = new ArrayList<>();
        ImageSize s = ImageSize.of(MANIFEST.getBytes(StandardCharsets.UTF_8), "amd64", d -> {
            asked.add(d);
            return new byte[0];
        });
        assertThat(s.total()).isEqualTo(1120);
        assertThat(s.blobs()).containsOnlyKeys("sha256:c", "sha256:l1", "sha256:l2");
        assertThat(asked).as("a manifest needs no registry round trip").isEmpty();
    }

    @Test
    void anIndexIsMeasuredByThisPlatformsManifest() throws Exception {
        List<String> asked = new ArrayList<>();
        ImageSize s = ImageSize.of(INDEX.getBytes(StandardCharsets.UTF_8), "amd64", d -> {
            asked.add(d);
            return MANIFEST.getBytes(StandardCharsets.UTF_8);
        });
        assertThat(asked).containsExactly("sha256:amd");
        assertThat(s.total()).isEqualTo(1120);
        assertThatThrownBy(() -> ImageSize.of(INDEX.getBytes(StandardCharsets.UTF_8), "riscv64", d -> new byte[0]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("linux/riscv64");
    }
}
