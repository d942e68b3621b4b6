package dev.hpcenv.shim.config;

import dev.hpcenv.edf.validate.EnvironmentRules;
import dev.hpcenv.edf.validate.Printable;
import dev.hpcenv.edf.validate.RuleViolation;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** Parses shim.toml with tomlj into flat, typed, line-numbered values ({@code squashfs.level}). */
final class SiteConfigParser {
    private static final Set<String> STRINGS =
            Set.of("image_store", "runtime", "credentials", "runtime_dir", "temp_dir", "mount_mode");
    private static final Set<String> NUMBERS = Set.of("tag_cache_seconds");
    private static final Set<String> LISTS = Set.of("insecure_registries", "preserve_fds_env");
    private static final Map<String, Set<String>> TABLES = Map.of(
            "squashfs", Set.of("compression", "level", "block_size"),
            "tools",
                    Set.of(
                            "skopeo",
                            "umoci",
                            "mksquashfs",
                            "squashfuse",
                            "fuse_overlayfs",
                            "fusermount",
                            "mount",
                            "umount",
                            "buildah"));

    private SiteConfigParser() {}

    static Map<String, SiteConfigValue> parse(Path file) {
        TomlParseResult toml;
        try {
            toml = Toml.parse(file);
        } catch (IOException e) {
            throw ShimException.usage(file + ": cannot read (" + IoErrors.describe(e) + ")", null);
        }
        if (toml.hasErrors()) {
            var err = toml.errors().get(0);
            throw ShimException.usage(
                    file + ":" + err.position().line() + ": " + err.getMessage(),
                    "fix the TOML syntax of the site configuration");
        }
        Map<String, SiteConfigValue> out = new LinkedHashMap<>();
        for (String key : toml.keySet()) {
            int line = toml.inputPositionOf(key).line();
            if (key.equals("progress")) {
                if (!toml.isBoolean(key)) {
                    throw bad(file, line, key, "must be true or false");
                }
                out.put(key, SiteConfigValue.string(line, Boolean.toString(toml.getBoolean(key))));
            } else if (key.equals("mounts")) {
                if (!toml.isTable(key)) {
                    throw bad(file, line, key, "must be a table ([mounts])");
                }
                parseMounts(file, toml.getTable(key), out);
            } else if (key.equals("devices")) {
                if (!toml.isTable(key)) {
                    throw bad(file, line, key, "must be a table ([devices])");
                }
                DeviceSection.parse(file, toml.getTable(key), out);
            } else if (key.equals("variables")) {
                if (!toml.isTable(key)) {
                    throw bad(file, line, key, "must be a table ([variables])");
                }
                parseVariables(file, toml.getTable(key), out);
            } else if (key.equals("hooks") || key.equals("annotations")) {
                if (!toml.isTable(key)) {
                    throw bad(file, line, key, "must be a table ([" + key + "])");
                }
                if (key.equals("hooks")) {
                    HookSections.parseHooks(file, toml.getTable(key), out);
                } else {
                    HookSections.parseAnnotations(file, toml.getTable(key), out);
                }
            } else if (TABLES.containsKey(key)) {
                if (!toml.isTable(key)) {
                    throw bad(file, line, key, "must be a table ([" + key + "])");
                }
                TomlTable t = toml.getTable(key);
                for (String sub : t.keySet()) {
                    int subLine = t.inputPositionOf(sub).line();
                    if (!TABLES.get(key).contains(sub)) {
                        throw unknown(file, subLine, key + "." + sub, TABLES.get(key));
                    }
                    if (key.equals("squashfs") && sub.equals("level")) {
                        if (!t.isLong(sub)) {
                            throw bad(file, subLine, key + "." + sub, "must be a whole number");
                        }
                        out.put(key + "." + sub, SiteConfigValue.number(subLine, t.getLong(sub)));
                    } else {
                        if (!t.isString(sub)) {
                            throw bad(file, subLine, key + "." + sub, "must be a string");
                        }
                        out.put(key + "." + sub, SiteConfigValue.string(subLine, t.getString(sub)));
                    }
                }
            } else if (STRINGS.contains(key)) {
                if (!toml.isString(key)) {
                    throw bad(file, line, key, "must be a string");
                }
                out.put(key, SiteConfigValue.string(line, toml.getString(key)));
            } else if (NUMBERS.contains(key)) {
                if (!toml.isLong(key)) {
                    throw bad(file, line, key, "must be a whole number");
                }
                out.put(key, SiteConfigValue.number(line, toml.getLong(key)));
            } else if (LISTS.contains(key)) {
                if (!toml.isArray(key)) {
                    throw bad(file, line, key, "must be an array of strings");
                }
                TomlArray arr = toml.getArray(key);
                List<String> values = new ArrayList<>();
                for (int i = 0; i < arr.size(); i++) {
                    if (!(arr.get(i) instanceof String s)) {
                        throw bad(file, line, key + "[" + i + "]", "must be a string");
                    }
                    values.add(s);
                }
                out.put(key, SiteConfigValue.list(line, values));
            } else {
                Set<String> known = new TreeSet<>(STRINGS);
                known.addAll(NUMBERS);
                known.addAll(LISTS);
                known.addAll(TABLES.keySet());
                known.addAll(Set.of("hooks", "annotations", "mounts", "variables", "progress", "devices"));
                throw unknown(file, line, key, known);
            }
        }
        return out;
    }

    /** {@code [mounts] deny}: absolute paths, checked against each mount's resolved source. */
    private static void parseMounts(Path file, TomlTable t, Map<String, SiteConfigValue> out) {
        for (String sub : t.keySet()) {
            int line = t.inputPositionOf(sub).line();
            if (!sub.equals("deny")) {
                throw unknown(file, line, "mounts." + sub, Set.of("deny"));
            }
            if (!t.isArray(sub)) {
                throw bad(file, line, "mounts.deny", "must be an array of absolute paths");
            }
            TomlArray arr = t.getArray(sub);
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                if (!(arr.get(i) instanceof String p) || !p.startsWith("/")) {
                    throw bad(file, line, "mounts.deny[" + i + "]", "must be an absolute path, e.g. \"/etc\"");
                }
                paths.add(p);
            }
            out.put("mounts.deny", SiteConfigValue.list(line, paths));
        }
    }

    /** {@code [variables]}: NAME = "value", flattened as {@code variables/NAME} (the order is kept). */
    private static void parseVariables(Path file, TomlTable t, Map<String, SiteConfigValue> out) {
        for (String name : t.keySet()) {
            int line = t.inputPositionOf(List.of(name)).line();
            Optional<RuleViolation> badName = EnvironmentRules.variableName(name);
            if (badName.isPresent()) {
                throw ShimException.usage(
                        file + ":" + line + ": 'variables." + Printable.of(name) + "': "
                                + badName.get().message(),
                        badName.get().hint());
            }
            if (!t.isString(List.of(name))) {
                throw bad(file, line, "variables." + name, "must be a string");
            }
            out.put("variables/" + name, SiteConfigValue.string(line, t.getString(List.of(name))));
        }
    }

    private static ShimException bad(Path file, int line, String key, String what) {
        return ShimException.usage(
                file + ":" + line + ": '" + key + "' " + what, "see docs/node-shim.md, \"Site configuration\"");
    }

    private static ShimException unknown(Path file, int line, String key, Set<String> known) {
        return ShimException.usage(
                file + ":" + line + ": unknown key '" + key + "'",
                "known keys: " + String.join(", ", new TreeSet<>(known)));
    }
}
