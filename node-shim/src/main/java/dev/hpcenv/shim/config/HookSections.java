package dev.hpcenv.shim.config;

import dev.hpcenv.edf.validate.HookAnnotationValues;
import dev.hpcenv.shim.error.ShimException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * The {@code [hooks]} and {@code [annotations]} sections of shim.toml. They are flattened into
 * the same line-numbered values as the rest of the file (so the per-user cache keeps them), with
 * {@code /} separating a table from a key chosen by the site (annotation names contain dots):
 * {@code annotations.defaults/com.hooks.cxi.enabled}, {@code hooks.cxi.env/FI_PROVIDER}.
 */
final class HookSections {
    private static final Set<String> HOOK_LISTS = Set.of("binds", "libraries", "users");
    private static final Set<String> HOOK_MAPS = Set.of("env", "prepend_env", "variants");
    private static final Set<String> HOOK_STRINGS = Set.of(
            "default_variant",
            "dropbear",
            "dropbearkey",
            "port",
            "runtime_hook",
            "cdi_dir",
            "mps_control",
            "mps_hook",
            "artifacts",
            "arch");
    private static final Set<String> ANNOTATION_KEYS = Set.of("defaults", "aliases", "implies", "deny");
    private static final String HINT = "see docs/hooks.md, \"Site configuration\"";

    private HookSections() {}

    static void parseAnnotations(Path file, TomlTable t, Map<String, SiteConfigValue> out) {
        for (String key : t.keySet()) {
            int line = t.inputPositionOf(key).line();
            switch (key) {
                case "deny" -> {
                    List<String> patterns = strings(file, line, "annotations.deny", t.get(key));
                    for (String p : patterns) {
                        compile(file, line, "annotations.deny", p);
                    }
                    out.put("annotations.deny", SiteConfigValue.list(line, patterns));
                }
                case "defaults", "aliases" -> stringTable(file, "annotations." + key, t.get(key), out);
                case "implies" -> {
                    TomlTable implies = table(file, line, "annotations.implies", t.get(key));
                    for (String when : implies.keySet()) {
                        int l = implies.inputPositionOf(List.of(when)).line();
                        String name = "annotations.implies/" + when;
                        if (when.indexOf('=') <= 0) {
                            throw bad(file, l, name, "must be written \"ANNOTATION=VALUE\"");
                        }
                        List<String> sets = strings(file, l, name, implies.get(List.of(when)));
                        for (String s : sets) {
                            if (s.indexOf('=') <= 0) {
                                throw bad(file, l, name, "entry '" + s + "' must be written \"ANNOTATION=VALUE\"");
                            }
                        }
                        out.put(name, SiteConfigValue.list(l, sets));
                    }
                }
                default -> throw unknown(file, line, "annotations." + key, ANNOTATION_KEYS);
            }
        }
    }

    static void parseHooks(Path file, TomlTable t, Map<String, SiteConfigValue> out) {
        for (String key : t.keySet()) {
            int line = t.inputPositionOf(key).line();
            if (key.equals("dir")) {
                if (!t.isString(key)) {
                    throw bad(file, line, "hooks.dir", "must be a string");
                }
                out.put("hooks.dir", SiteConfigValue.string(line, t.getString(key)));
            } else if (key.equals("timeout")) {
                if (!t.isLong(key) || t.getLong(key) <= 0) {
                    throw bad(file, line, "hooks.timeout", "must be a positive whole number of seconds");
                }
                out.put("hooks.timeout", SiteConfigValue.number(line, t.getLong(key)));
            } else {
                if (!key.matches("[A-Za-z0-9_.-]+")) {
                    throw bad(file, line, "hooks." + key, "is not a hook name (letters, digits, '_', '-', '.')");
                }
                parseHook(file, "hooks." + key, table(file, line, "hooks." + key, t.get(key)), out);
            }
        }
    }

    private static void parseHook(Path file, String prefix, TomlTable t, Map<String, SiteConfigValue> out) {
        for (String key : t.keySet()) {
            int line = t.inputPositionOf(key).line();
            String name = prefix + "." + key;
            if (HOOK_LISTS.contains(key)) {
                out.put(prefix + "/" + key, SiteConfigValue.list(line, strings(file, line, name, t.get(key))));
            } else if (HOOK_MAPS.contains(key)) {
                stringTable(file, name, t.get(key), out);
            } else if (HOOK_STRINGS.contains(key)) {
                Object v = t.get(key);
                if (!(v instanceof String) && !(v instanceof Long)) {
                    throw bad(file, line, name, "must be a string");
                }
                if (key.equals("artifacts") && !String.valueOf(v).startsWith("/")) {
                    throw bad(file, line, name, "must be an absolute directory");
                }
                if (key.equals("port")
                        && HookAnnotationValues.check(HookAnnotationValues.SSH_PORT, String.valueOf(v))
                                .isPresent()) {
                    throw bad(file, line, name, "must be a TCP port, 1 to 65535");
                }
                out.put(prefix + "/" + key, SiteConfigValue.string(line, String.valueOf(v)));
            } else {
                Set<String> known = new TreeSet<>(HOOK_LISTS);
                known.addAll(HOOK_MAPS);
                known.addAll(HOOK_STRINGS);
                throw unknown(file, line, name, known);
            }
        }
    }

    /** The typed policy from the flattened values. */
    static HookSiteConfig build(Map<String, SiteConfigValue> v) {
        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        List<HookSiteConfig.Implication> implications = new ArrayList<>();
        Map<String, Map<String, SiteConfigValue>> perHook = new TreeMap<>();
        for (Map.Entry<String, SiteConfigValue> e : v.entrySet()) {
            String k = e.getKey();
            int slash = k.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String table = k.substring(0, slash);
            String sub = k.substring(slash + 1);
            if (table.equals("annotations.defaults")) {
                defaults.put(sub, e.getValue().text());
            } else if (table.equals("annotations.aliases")) {
                aliases.put(sub, e.getValue().text());
            } else if (table.equals("annotations.implies")) {
                int eq = sub.indexOf('=');
                Map<String, String> sets = new LinkedHashMap<>();
                for (String s : e.getValue().list()) {
                    int q = s.indexOf('=');
                    sets.put(s.substring(0, q), s.substring(q + 1));
                }
                implications.add(new HookSiteConfig.Implication(sub.substring(0, eq), sub.substring(eq + 1), sets));
            } else if (table.startsWith("hooks.")) {
                String rest = table.substring("hooks.".length());
                int dot = rest.lastIndexOf('.');
                String hook = dot >= 0 && HOOK_MAPS.contains(rest.substring(dot + 1)) ? rest.substring(0, dot) : rest;
                String field = hook.equals(rest) ? sub : rest.substring(dot + 1) + "/" + sub;
                perHook.computeIfAbsent(hook, h -> new LinkedHashMap<>()).put(field, e.getValue());
            }
        }
        Map<String, HookSettings> hooks = new LinkedHashMap<>();
        perHook.forEach((name, fields) -> hooks.put(name, settings(fields)));
        SiteConfigValue dir = v.get("hooks.dir");
        SiteConfigValue timeout = v.get("hooks.timeout");
        SiteConfigValue deny = v.get("annotations.deny");
        return new HookSiteConfig(
                dir == null ? Optional.empty() : Optional.of(Path.of(dir.text())),
                timeout == null ? HookSiteConfig.NONE.timeoutSeconds() : (int) timeout.number(),
                defaults,
                aliases,
                implications,
                deny == null ? List.of() : deny.list(),
                hooks);
    }

    private static HookSettings settings(Map<String, SiteConfigValue> fields) {
        Map<String, Map<String, String>> maps = new LinkedHashMap<>();
        HOOK_MAPS.forEach(m -> maps.put(m, new LinkedHashMap<>()));
        Map<String, String> scalars = new LinkedHashMap<>();
        List<String> binds = List.of();
        List<String> libraries = List.of();
        List<String> users = List.of();
        for (Map.Entry<String, SiteConfigValue> f : fields.entrySet()) {
            String k = f.getKey();
            int slash = k.indexOf('/');
            if (slash > 0) {
                maps.get(k.substring(0, slash))
                        .put(k.substring(slash + 1), f.getValue().text());
            } else if (k.equals("binds")) {
                binds = f.getValue().list();
            } else if (k.equals("libraries")) {
                libraries = f.getValue().list();
            } else if (k.equals("users")) {
                users = f.getValue().list();
            } else {
                scalars.put(k, f.getValue().text());
            }
        }
        return new HookSettings(
                binds, libraries, maps.get("env"), maps.get("prepend_env"), maps.get("variants"), users, scalars);
    }

    private static void stringTable(Path file, String name, Object value, Map<String, SiteConfigValue> out) {
        TomlTable t = table(file, 0, name, value);
        for (String k : t.keySet()) {
            // Quoted keys hold dots (annotation names): look them up as one key, not as a dotted path.
            int line = t.inputPositionOf(List.of(k)).line();
            Object v = t.get(List.of(k));
            // Dotted keys (com.hooks.cxi.enabled written unquoted) arrive as nested tables: take them whole.
            if (v instanceof TomlTable nested) {
                for (Map.Entry<String, Object> e : nested.dottedEntrySet()) {
                    putString(file, name, k + "." + e.getKey(), e.getValue(), line, out);
                }
            } else {
                putString(file, name, k, v, line, out);
            }
        }
    }

    private static void putString(
            Path file, String table, String key, Object v, int line, Map<String, SiteConfigValue> out) {
        if (!(v instanceof String) && !(v instanceof Boolean) && !(v instanceof Long)) {
            throw bad(file, line, table + "." + key, "must be a string");
        }
        out.put(table + "/" + key, SiteConfigValue.string(line, String.valueOf(v)));
    }

    private static TomlTable table(Path file, int line, String name, Object value) {
        if (!(value instanceof TomlTable t)) {
            throw bad(file, line, name, "must be a table ([" + name + "])");
        }
        return t;
    }

    private static List<String> strings(Path file, int line, String name, Object value) {
        if (!(value instanceof TomlArray arr)) {
            throw bad(file, line, name, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof String s)) {
                throw bad(file, line, name + "[" + i + "]", "must be a string");
            }
            out.add(s);
        }
        return out;
    }

    private static void compile(Path file, int line, String name, String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw bad(file, line, name, "has an invalid regular expression '" + regex + "': " + e.getDescription());
        }
    }

    private static ShimException bad(Path file, int line, String key, String what) {
        return ShimException.usage(file + ":" + line + ": '" + key + "' " + what, HINT);
    }

    private static ShimException unknown(Path file, int line, String key, Set<String> known) {
        return ShimException.usage(
                file + ":" + line + ": unknown key '" + key + "'",
                "known keys: " + String.join(", ", new TreeSet<>(known)));
    }
}
