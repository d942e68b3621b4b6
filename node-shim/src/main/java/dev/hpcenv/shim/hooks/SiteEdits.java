package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.config.HookSettings;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part every hook shares, straight from its site settings: bind the listed host paths and
 * set or extend environment variables. Applied before config.json is written.
 */
final class SiteEdits {
    static final List<String> BIND_OPTIONS = List.of("rbind", "ro", "nosuid", "nodev");

    private SiteEdits() {}

    static void apply(HookSettings s, BundleDraft draft) throws IOException {
        for (String spec : s.binds()) {
            int colon = spec.indexOf(':');
            String host = colon < 0 ? spec : spec.substring(0, colon);
            String target = colon < 0 ? null : spec.substring(colon + 1);
            for (Path p : expand(host)) {
                draft.mounts.add(OciMount.bind(p.toString(), target == null ? p.toString() : target, BIND_OPTIONS));
            }
        }
        s.env().forEach(draft.env::put);
        prepend(s.prependEnv(), draft.env);
    }

    /** {@code VAR=/a:/b} in front of the container's current value, without duplicating entries. */
    static void prepend(Map<String, String> additions, Map<String, String> env) {
        additions.forEach((k, v) -> {
            String current = env.get(k);
            List<String> parts = new ArrayList<>(List.of(v.split(":")));
            if (current != null && !current.isEmpty()) {
                for (String c : current.split(":")) {
                    if (!parts.contains(c)) {
                        parts.add(c);
                    }
                }
            }
            env.put(k, String.join(":", parts));
        });
    }

    /** A host path, or the matches of a {@code *} glob in its last component; missing paths give nothing. */
    static List<Path> expand(String host) throws IOException {
        Path p = Path.of(host);
        String last = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!last.contains("*")) {
            return Files.exists(p) ? List.of(p) : List.of();
        }
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, last)) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
