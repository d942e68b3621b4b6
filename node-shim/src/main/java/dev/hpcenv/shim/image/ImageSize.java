package dev.hpcenv.shim.image;

import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a download of an image moves: its config and layer blobs with their sizes, from the image
 * manifest (an index's entry for this node's platform, as skopeo picks it).
 */
record ImageSize(Map<String, Long> blobs) {
    ImageSize {
        blobs = Map.copyOf(blobs);
    }

    long total() {
        return blobs.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @param manifest the manifest or index as the registry sent it
     * @param registry raw manifests by digest, asked only for an index
     */
    static ImageSize of(byte[] manifest, String arch, LayoutIdentity.Manifests registry)
            throws IOException, InterruptedException {
        Object m = LightJson.parse(new String(manifest, StandardCharsets.UTF_8));
        if (LightJson.member(m, "manifests") instanceof List<?> entries) {
            for (Object e : entries) {
                Object platform = LightJson.member(e, "platform");
                String digest = LightJson.string(e, "digest");
                if ("linux".equals(LightJson.string(platform, "os"))
                        && arch.equals(LightJson.string(platform, "architecture"))
                        && digest != null) {
                    return ofManifest(LightJson.parse(new String(registry.get(digest), StandardCharsets.UTF_8)));
                }
            }
            throw new IOException("no linux/" + arch + " entry in the image index");
        }
        return ofManifest(m);
    }

    /** The blobs of a parsed image manifest. */
    static ImageSize ofManifest(Object manifest) {
        Map<String, Long> blobs = new LinkedHashMap<>();
        add(blobs, LightJson.member(manifest, "config"));
        if (LightJson.member(manifest, "layers") instanceof List<?> layers) {
            layers.forEach(l -> add(blobs, l));
        }
        return new ImageSize(blobs);
    }

    private static void add(Map<String, Long> blobs, Object descriptor) {
        String digest = LightJson.string(descriptor, "digest");
        if (digest != null) {
            blobs.put(digest, LightJson.number(descriptor, "size"));
        }
    }
}
