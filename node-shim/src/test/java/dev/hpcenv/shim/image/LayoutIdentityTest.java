package dev.hpcenv.shim.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a download made by tag may stand for the digest the registry named. */
class LayoutIdentityTest {
    private static final String OCI = "application/vnd.oci.image.manifest.v1+json";
    private static final String DOCKER = "application/vnd.docker.distribution.manifest.v2+json";

    @TempDir
    Path layout;

    private final Map<String, byte[]> registry = new HashMap<>();

    @Test
    void anImageManifestMatchesTheSameConfigAndLayersWhateverItsFormat() throws Exception {
        copied(manifest(OCI, "c", "a", "b"));

        assertThat(holds(manifest(OCI, "c", "a", "b"))).isTrue();
        assertThat(holds(manifest(DOCKER, "c", "a", "b")))
                .as("a Docker manifest skopeo converted")
                .isTrue();
        assertThat(holds(manifest(OCI, "c", "a", "x"))).as("another layer").isFalse();
        assertThat(holds(manifest(OCI, "c", "b", "a")))
                .as("layers in another order")
                .isFalse();
        assertThat(holds(manifest(OCI, "d", "a", "b"))).as("another config").isFalse();
        assertThat(holds("{\"schemaVersion\":1,\"fsLayers\":[]}"))
                .as("schema 1 proves nothing")
                .isFalse();
    }

    @Test
    void anIndexMatchesWhenItListsTheCopiedManifest() throws Exception {
        String copied = copied(manifest(OCI, "c", "a"));

        String other = put(manifest(OCI, "c", "z"));

        assertThat(holds(index(entry(other, "arm64"), entry(copied, "amd64")))).isTrue();
        assertThat(holds(index(entry(other, "amd64"))))
                .as("the index names another image")
                .isFalse();
    }

    @Test
    void aDockerListMatchesWhenThisPlatformsEntryHasTheSameContent() throws Exception {
        copied(manifest(OCI, "c", "a"));
        String amd64 = put(manifest(DOCKER, "c", "a"));
        String arm64 = put(manifest(DOCKER, "c", "z"));

        assertThat(holds(index(entry(arm64, "arm64"), entry(amd64, "amd64")))).isTrue();
        assertThat(holds(index(entry(amd64, "arm64"), entry(arm64, "amd64"))))
                .as("only this platform's entry counts")
                .isFalse();
    }

    private boolean holds(String named) throws IOException, InterruptedException {
        return LayoutIdentity.holds(layout, named.getBytes(StandardCharsets.UTF_8), "amd64", d -> {
            assertThat(registry).as("asked for a digest the index lists").containsKey(d);
            return registry.get(d);
        });
    }

    /** Writes an OCI layout holding the manifest, as skopeo would; returns its digest. */
    private String copied(String manifest) throws IOException {
        String digest = digestOf(manifest);
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(blobs.resolve(digest.substring(7)), manifest);
        Files.writeString(
                layout.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + OCI + "\",\"digest\":\"" + digest + "\"}]}");
        return digest;
    }

    private String put(String manifest) {
        String digest = digestOf(manifest);
        registry.put(digest, manifest.getBytes(StandardCharsets.UTF_8));
        return digest;
    }

    private static String manifest(String mediaType, String config, String... layers) {
        StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + mediaType
                + "\",\"config\":{\"digest\":\"sha256:" + config.repeat(64) + "\"},\"layers\":[");
        for (int i = 0; i < layers.length; i++) {
            sb.append(i > 0 ? "," : "")
                    .append("{\"digest\":\"sha256:")
                    .append(layers[i].repeat(64))
                    .append("\"}");
        }
        return sb.append("]}").toString();
    }

    private static String index(String... entries) {
        return "{\"schemaVersion\":2,\"manifests\":[" + String.join(",", entries) + "]}";
    }

    private static String entry(String digest, String arch) {
        return "{\"digest\":\"" + digest + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + arch + "\"}}";
    }

    private static String digestOf(String json) {
        return "sha256:" + RegistryResolver.sha256Hex(json.getBytes(StandardCharsets.UTF_8));
    }
}
