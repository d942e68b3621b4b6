package dev.hpcenv.shim.image;

import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.nio.file.Path;

/** Reads the run settings (Env, Entrypoint, Cmd, WorkingDir) of the single image in an OCI layout. */
public final class OciLayoutReader {
    private OciLayoutReader() {}

    public static ImageConfig read(Path layout) throws IOException {
        Object manifest = manifest(layout).body();
        Object config = LightJson.member(
                blob(layout, LightJson.string(LightJson.member(manifest, "config"), "digest")), "config");
        String wd = LightJson.string(config, "WorkingDir");
        return new ImageConfig(
                LightJson.strings(config, "Env"),
                LightJson.strings(config, "Entrypoint"),
                LightJson.strings(config, "Cmd"),
                wd == null || wd.isEmpty() ? null : wd);
    }

    /** The image manifest in the layout, with its digest. */
    public static Manifest manifest(Path layout) throws IOException {
        Object index = LightJson.parse(layout.resolve("index.json"));
        String digest = digestOfFirst(index, "manifests");
        Object manifest = blob(layout, digest);
        if (LightJson.member(manifest, "manifests") != null) {
            // A nested index (multi-platform): skopeo copied only this platform's image, the first entry.
            digest = digestOfFirst(manifest, "manifests");
            manifest = blob(layout, digest);
        }
        return new Manifest(digest, manifest);
    }

    /** An image manifest as parsed JSON ({@link LightJson}) and the digest it is stored under. */
    public record Manifest(String digest, Object body) {}

    private static String digestOfFirst(Object node, String field) throws IOException {
        if (LightJson.member(node, field) instanceof java.util.List<?> l && !l.isEmpty()) {
            return LightJson.string(l.get(0), "digest");
        }
        throw new IOException("OCI layout without " + field);
    }

    private static Object blob(Path layout, String digest) throws IOException {
        if (digest == null || !digest.startsWith("sha256:")) {
            throw new IOException("unexpected digest '" + digest + "' in OCI layout " + layout);
        }
        return LightJson.parse(layout.resolve("blobs/sha256").resolve(digest.substring(7)));
    }
}
