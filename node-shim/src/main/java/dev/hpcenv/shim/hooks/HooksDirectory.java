package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Loads a hooks.d directory in the OCI hooks 1.0.0 format of podman and Sarus, so their files
 * drop in. Files are ordered by lower-cased name, as podman orders them. A file that is not
 * root-owned, not valid or names an untrusted executable stops the run with a message naming
 * it: a silently skipped hook would leave a job without its network or GPUs.
 */
public final class HooksDirectory {
    private static final Set<String> STAGES = Set.of(
            "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop", "precreate");
    private static final String HINT = "fix or remove the file; see docs/hooks.md";

    private final boolean checkOwnership;

    /** @param checkOwnership false only in unit tests that cannot create root-owned files */
    public HooksDirectory(boolean checkOwnership) {
        this.checkOwnership = checkOwnership;
    }

    public List<HookFile> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw ShimException.usage(
                    "hooks directory " + dir + " does not exist",
                    "create it or correct hooks.dir in the site configuration");
        }
        if (checkOwnership) {
            FileTrust.problem(dir).ifPresent(p -> {
                throw ShimException.usage(
                        "hooks directory " + dir + " is not trusted: " + p,
                        "hooks.d and its parents must be owned by root and not writable by group or others");
            });
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && !Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)))
                    .toList();
        } catch (IOException e) {
            throw ShimException.usage("cannot list hooks directory " + dir + ": " + IoErrors.describe(e), null);
        }
        List<HookFile> out = new ArrayList<>();
        for (Path f : files) {
            out.add(read(f));
        }
        return out;
    }

    HookFile read(Path file) {
        if (checkOwnership) {
            FileTrust.problem(file).ifPresent(p -> {
                throw bad(file, "is not trusted: " + p);
            });
        }
        Object doc;
        try {
            doc = LightJson.parse(file);
        } catch (IOException e) {
            throw bad(file, "is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (!(doc instanceof Map<?, ?> top)) {
            throw bad(file, "must hold a JSON object");
        }
        for (Object k : top.keySet()) {
            if (!Set.of("version", "hook", "when", "stages").contains(k)) {
                throw bad(
                        file,
                        "has unknown field '" + k
                                + "' (this is the OCI hooks 1.0.0 format: version, hook, when, stages)");
            }
        }
        if (!"1.0.0".equals(LightJson.string(top, "version"))) {
            throw bad(file, "'version' must be \"1.0.0\"");
        }
        String name = file.getFileName().toString();
        name = name.substring(0, name.length() - ".json".length());
        List<String> stages = stringList(file, top, "stages");
        if (stages.isEmpty()) {
            throw bad(file, "'stages' must list at least one stage");
        }
        Set<HookStage> oci = new LinkedHashSet<>();
        for (String s : stages) {
            if (!STAGES.contains(s)) {
                throw bad(
                        file,
                        "unknown stage '" + s + "' (known: "
                                + String.join(", ", STAGES.stream().sorted().toList()) + ")");
            }
            if (!s.equals("precreate")) {
                // podman maps the deprecated prestart onto createRuntime.
                oci.add(HookStage.valueOf(s.equals("prestart") ? "createRuntime" : s));
            }
        }
        OciHook hook = hook(file, top.get("hook"), oci);
        return new HookFile(name, file, hook, when(file, top.get("when")), stages, List.copyOf(oci));
    }

    private OciHook hook(Path file, Object h, Set<HookStage> stages) {
        if (!(h instanceof Map<?, ?> m)) {
            throw bad(file, "'hook' must be an object with 'path'");
        }
        String path = LightJson.string(m, "path");
        if (path == null || !path.startsWith("/")) {
            throw bad(file, "'hook.path' must be an absolute path");
        }
        Object timeout = m.get("timeout");
        if (timeout != null && (!(timeout instanceof Number n) || n.longValue() <= 0)) {
            throw bad(file, "'hook.timeout' must be a positive number of seconds");
        }
        // startContainer hooks run inside the container: their path is the image's, not the host's.
        boolean hostPath = stages.stream().anyMatch(s -> s != HookStage.startContainer);
        if (hostPath && checkOwnership) {
            Path exe = Path.of(path);
            if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
                throw bad(file, "hook.path " + path + " is not an executable file on this node");
            }
            FileTrust.problem(exe).ifPresent(p -> {
                throw bad(file, "hook.path " + path + " is not trusted: " + p);
            });
        }
        return new OciHook(
                path,
                stringList(file, m, "args"),
                stringList(file, m, "env"),
                timeout == null ? null : ((Number) timeout).intValue());
    }

    private HookCondition when(Path file, Object w) {
        if (!(w instanceof Map<?, ?> m) || m.isEmpty()) {
            throw bad(
                    file, "'when' must be an object with at least one of always, annotations, commands, hasBindMounts");
        }
        for (Object k : m.keySet()) {
            if (!Set.of("always", "annotations", "commands", "hasBindMounts").contains(k)) {
                throw bad(file, "unknown condition 'when." + k + "'");
            }
        }
        Boolean always = bool(file, m, "always");
        Boolean bind = bool(file, m, "hasBindMounts");
        List<HookCondition.AnnotationPattern> annotations = new ArrayList<>();
        Object a = m.get("annotations");
        if (a != null) {
            if (!(a instanceof Map<?, ?> am)) {
                throw bad(file, "'when.annotations' must map key patterns to value patterns");
            }
            for (Map.Entry<?, ?> e : am.entrySet()) {
                if (!(e.getValue() instanceof String v)) {
                    throw bad(file, "'when.annotations' value for " + e.getKey() + " must be a string pattern");
                }
                annotations.add(new HookCondition.AnnotationPattern(regex(file, (String) e.getKey()), regex(file, v)));
            }
        }
        List<Pattern> commands = new ArrayList<>();
        for (String c : stringList(file, m, "commands")) {
            commands.add(regex(file, c));
        }
        return new HookCondition(always, annotations, commands, bind);
    }

    private static Boolean bool(Path file, Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (v != null && !(v instanceof Boolean)) {
            throw bad(file, "'when." + field + "' must be true or false");
        }
        return (Boolean) v;
    }

    private static Pattern regex(Path file, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw bad(file, "invalid regular expression '" + regex + "': " + e.getDescription());
        }
    }

    private static List<String> stringList(Path file, Map<?, ?> m, String field) {
        Object v = m.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l) || l.stream().anyMatch(o -> !(o instanceof String))) {
            throw bad(file, "'" + field + "' must be an array of strings");
        }
        return l.stream().map(String.class::cast).toList();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static ShimException bad(Path file, String what) {
        return ShimException.usage("hooks file " + file + ": " + what, HINT);
    }
}
