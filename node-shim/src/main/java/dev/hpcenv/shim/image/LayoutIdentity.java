package dev.hpcenv.shim.image;

import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an OCI layout that skopeo copied by tag holds the image that a registry digest names. A
 * tag can move between asking for its digest and downloading it, and the store is keyed by digest:
 * a download made by tag is kept only when its content is provably that digest's.
 */
final class LayoutIdentity {
    /** Raw manifests of the repository by digest (the registry, in production). */
    interface Manifests {
        byte[] get(String digest) throws InterruptedException;
    }

    private LayoutIdentity() {}

    /**
     * @param named the manifest or index the digest is the sha256 of, as the registry sent it
     * @param arch  this node's architecture, to pick an index's entry as skopeo did
     */
    static boolean holds(Path layout, byte[] named, String arch, Manifests registry)
            throws IOException, InterruptedException {
        OciLayoutReader.Manifest copied = OciLayoutReader.manifest(layout);
        Object wanted = parse(named);
        if (!(LightJson.member(wanted, "manifests") instanceof List<?> entries)) {
            return sameContent(wanted, copied.body());
        }
        // skopeo copied one entry of the index: unchanged (same digest) when it is an OCI manifest;
        // converted when it is a Docker one, which keeps the config and the layers but not the digest.
        for (Object e : entries) {
            if (copied.digest().equals(LightJson.string(e, "digest"))) {
                return true;
            }
        }
        for (Object e : entries) {
            Object platform = LightJson.member(e, "platform");
            String digest = LightJson.string(e, "digest");
            if ("linux".equals(LightJson.string(platform, "os"))
                    && arch.equals(LightJson.string(platform, "architecture"))
                    && digest != null
                    && sameContent(parse(registry.get(digest)), copied.body())) {
                return true;
            }
        }
        return false;
    }

    /** The same config and the same layers in the same order: the same image, in either format. */
    static boolean sameContent(Object a, Object b) {
        String config = LightJson.string(LightJson.member(a, "config"), "digest");
        return config != null
                && config.equals(LightJson.string(LightJson.member(b, "config"), "digest"))
                && layers(a).equals(layers(b));
    }

    private static List<String> layers(Object manifest) {
        List<String> out = new ArrayList<>();
        if (LightJson.member(manifest, "layers") instanceof List<?> l) {
            for (Object layer : l) {
                out.add(LightJson.string(layer, "digest"));
            }
        }
        return out;
    }

    private static Object parse(byte[] json) throws IOException {
        return LightJson.parse(new String(json, StandardCharsets.UTF_8));
    }
}
