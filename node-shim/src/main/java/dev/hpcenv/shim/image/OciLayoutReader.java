package dev.hpcenv.shim.image;

import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.nio.file.Path;

/** Reads the run settings (Env, Entrypoint, Cmd, WorkingDir) of the single image in an OCI layout. */
public final class OciLayoutReader {
    private OciLayoutReader() {
    }

    public static ImageConfig read(Path layout) throws IOException {
        Object index = LightJson.parse(layout.resolve("index.json"));
        Object manifest = blob(layout, digestOfFirst(index, "manifests"));
        if (LightJson.member(manifest, "manifests") != null) {
            // A nested index (multi-platform): skopeo copied only this platform's image, the first entry.
            manifest = blob(layout, digestOfFirst(manifest, "manifests"));
        }
        Object config = LightJson.member(blob(layout, LightJson.string(LightJson.member(manifest, "config"), "digest")),
                "config");
        String wd = LightJson.string(config, "WorkingDir");
        return new ImageConfig(LightJson.strings(config, "Env"), LightJson.strings(config, "Entrypoint"),
                LightJson.strings(config, "Cmd"), wd == null || wd.isEmpty() ? null : wd);
    }

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
