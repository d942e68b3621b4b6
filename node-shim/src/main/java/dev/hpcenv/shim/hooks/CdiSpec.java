package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Container Device Interface specification in its JSON form: the spec-wide edits plus those
 * of the requested devices ({@code all} selects every device). Applied as the rootless recipe
 * needs: env appended, mounts as binds, hooks by name; device nodes need nothing because the
 * container shares the host's /dev.
 */
record CdiSpec(Path file, Object edits, Map<String, Object> devices) {

    static Optional<Path> find(Path dir, String vendor) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(vendor)
                            && p.toString().endsWith(".json"))
                    .sorted()
                    .findFirst();
        }
    }

    static CdiSpec read(Path file) {
        Object doc;
        try {
            doc = LightJson.parse(file);
        } catch (IOException e) {
            throw ShimException.usage(
                    "CDI specification " + file + " is not readable JSON: " + e.getMessage(),
                    "regenerate it with nvidia-ctk cdi generate --format json");
        }
        Map<String, Object> devices = new java.util.LinkedHashMap<>();
        if (LightJson.member(doc, "devices") instanceof List<?> l) {
            for (Object d : l) {
                String name = LightJson.string(d, "name");
                if (name != null) {
                    devices.put(name, LightJson.member(d, "containerEdits"));
                }
            }
        }
        return new CdiSpec(file, LightJson.member(doc, "containerEdits"), devices);
    }

    void apply(List<String> requested, BundleDraft draft, int timeout) {
        List<Object> all = new ArrayList<>();
        all.add(edits);
        for (String r : requested) {
            String name = r.strip();
            if (name.equals("all") && !devices.containsKey("all")) {
                all.addAll(devices.values());
            } else if (devices.containsKey(name)) {
                all.add(devices.get(name));
            } else {
                throw ShimException.environment(
                        "GPU \"" + name + "\" is not in " + file, "available: " + String.join(", ", devices.keySet()));
            }
        }
        for (Object e : all) {
            if (e == null) {
                continue;
            }
            for (String kv : LightJson.strings(e, "env")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    draft.env.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            if (LightJson.member(e, "mounts") instanceof List<?> mounts) {
                for (Object m : mounts) {
                    List<String> options = LightJson.strings(m, "options");
                    draft.mounts.add(OciMount.bind(
                            LightJson.string(m, "hostPath"),
                            LightJson.string(m, "containerPath"),
                            options.isEmpty() ? SiteEdits.BIND_OPTIONS : options));
                }
            }
            if (LightJson.member(e, "hooks") instanceof List<?> hooks) {
                for (Object h : hooks) {
                    String stage = LightJson.string(h, "hookName");
                    HookStage s = "prestart".equals(stage) ? HookStage.createRuntime : HookStage.valueOf(stage);
                    draft.addHook(
                            s,
                            new OciHook(
                                    LightJson.string(h, "path"),
                                    LightJson.strings(h, "args"),
                                    LightJson.strings(h, "env"),
                                    timeout));
                }
            }
        }
    }
}
