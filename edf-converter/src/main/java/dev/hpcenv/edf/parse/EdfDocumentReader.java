package dev.hpcenv.edf.parse;

import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.Severity;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.edf.model.Origin;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.edf.mount.MountParser;
import dev.hpcenv.edf.mount.MountSyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads the keys of one parsed EDF into a layer: types checked, every value with its line and column,
 * every problem collected. One instance per document.
 */
final class EdfDocumentReader {
    private final String source;
    private final TomlParseResult toml;
    private final boolean strict;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    EdfDocumentReader(String source, TomlParseResult toml, boolean strict) {
        this.source = source;
        this.toml = toml;
        this.strict = strict;
    }

    ParsedEdf read() {
        List<ValueWithOrigin<String>> bases = new ArrayList<>();
        ValueWithOrigin<String> image = null;
        ValueWithOrigin<String> containerfile = null;
        ValueWithOrigin<String> workdir = null;
        ValueWithOrigin<Boolean> entrypoint = null;
        ValueWithOrigin<Boolean> writable = null;
        List<ValueWithOrigin<MountSpec>> mounts = new ArrayList<>();
        Map<String, ValueWithOrigin<String>> env = new LinkedHashMap<>();
        Map<String, ValueWithOrigin<String>> annotations = new LinkedHashMap<>();
        List<ValueWithOrigin<String>> devices = new ArrayList<>();

        for (String key : toml.keySet()) {
            Origin origin = origin(toml, key, key);
            Object value = toml.get(List.of(key));
            var known = EdfKey.of(key);
            if (known.isEmpty()) {
                unknownKey(key, value, origin);
                continue;
            }
            switch (known.get()) {
                case BASE_ENVIRONMENT -> bases.addAll(baseEnvironment(value, origin));
                case IMAGE -> image = nonEmptyString(value, origin);
                case CONTAINERFILE -> containerfile = nonEmptyString(value, origin);
                case WORKDIR -> workdir = nonEmptyString(value, origin);
                case ENTRYPOINT -> entrypoint = bool(value, origin);
                case WRITABLE -> writable = bool(value, origin);
                case MOUNTS -> mounts.addAll(mounts(value, origin));
                case DEVICES -> devices.addAll(strings(value, origin));
                case ENV -> env.putAll(env(value, origin));
                case ANNOTATIONS -> annotations.putAll(annotations(value, origin));
                default -> throw new IllegalStateException(key);
            }
        }
        EnvironmentLayer layer = new EnvironmentLayer(
                source, bases, image, containerfile, workdir, entrypoint, writable, mounts, env, annotations, devices);
        diagnostics.addAll(LayerChecks.check(layer));
        diagnostics.addAll(LayerChecks.warnings(layer));
        diagnostics.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
        return new ParsedEdf(layer, diagnostics);
    }

    private Origin origin(TomlTable table, String key, String keyPath) {
        TomlPosition p = table.inputPositionOf(List.of(key));
        return p == null ? new Origin(source, 0, 0, keyPath) : new Origin(source, p.line(), p.column(), keyPath);
    }

    private Origin origin(TomlArray array, int index, String keyPath) {
        TomlPosition p = array.inputPositionOf(index);
        return p == null ? new Origin(source, 0, 0, keyPath) : new Origin(source, p.line(), p.column(), keyPath);
    }

    private void unknownKey(String key, Object value, Origin origin) {
        String hint;
        String name = key;
        var close = EdfKey.closestTo(key);
        if (close.isPresent()) {
            hint = "did you mean '" + close.get().key() + "'?";
        } else if (value instanceof TomlTable table) {
            // Annotation lines pasted without their [annotations] header land here, e.g. com.hooks.….
            var leaves = table.dottedKeySet(false);
            name = leaves.size() == 1 ? key + "." + leaves.iterator().next() : key;
            hint = "annotations go under [annotations]";
        } else {
            hint = "known keys: base_environment, image, containerfile, workdir, entrypoint, writable, mounts, "
                    + "devices, [env], [annotations]";
        }
        diagnostics.add(new Diagnostic(
                origin.source(),
                origin.line(),
                origin.column(),
                strict ? Severity.ERROR : Severity.WARNING,
                "unknown key '" + name + "'",
                hint));
    }

    private void typeError(Origin origin, String expected, Object actual, String hint) {
        diagnostics.add(Diagnostics.error(origin, "must be " + expected + ", not " + TomlTypes.describe(actual), hint));
    }

    private List<ValueWithOrigin<String>> baseEnvironment(Object value, Origin origin) {
        if (value instanceof String s) {
            // An empty string is the documented default: no base.
            return s.isEmpty() ? List.of() : List.of(new ValueWithOrigin<>(s, origin));
        }
        if (value instanceof TomlArray) {
            List<ValueWithOrigin<String>> out = new ArrayList<>();
            for (ValueWithOrigin<String> s : strings(value, origin)) {
                if (s.value().isEmpty()) {
                    diagnostics.add(
                            Diagnostics.error(s.origin(), "empty base environment name", "remove the empty entry"));
                } else {
                    out.add(s);
                }
            }
            return out;
        }
        typeError(origin, "a string or an array of strings", value, "e.g. base_environment = [\"cscs-mlp\"]");
        return List.of();
    }

    private ValueWithOrigin<String> string(Object value, Origin origin) {
        if (value instanceof String s) {
            return new ValueWithOrigin<>(s, origin);
        }
        typeError(origin, "a string", value, "quote the value");
        return null;
    }

    // The documented default of these keys is "", i.e. unset: an empty value cannot clear a base's value, and
    // a custom resource could not carry it, so it is dropped with a warning rather than kept half-meaningful.
    private ValueWithOrigin<String> nonEmptyString(Object value, Origin origin) {
        ValueWithOrigin<String> s = string(value, origin);
        if (s != null && s.value().isEmpty()) {
            diagnostics.add(Diagnostics.warning(
                    origin,
                    "an empty value is the same as no value; it is ignored",
                    "remove the line; a base's value cannot be cleared, only replaced"));
            return null;
        }
        return s;
    }

    private ValueWithOrigin<Boolean> bool(Object value, Origin origin) {
        if (value instanceof Boolean b) {
            return new ValueWithOrigin<>(b, origin);
        }
        String hint = value instanceof String s && (s.equals("true") || s.equals("false"))
                ? "write " + origin.key() + " = " + s + " without quotes"
                : "write true or false";
        typeError(origin, "a boolean", value, hint);
        return null;
    }

    private List<ValueWithOrigin<String>> strings(Object value, Origin origin) {
        if (!(value instanceof TomlArray array)) {
            typeError(origin, "an array of strings", value, "e.g. " + origin.key() + " = [\"…\"]");
            return List.of();
        }
        List<ValueWithOrigin<String>> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            Origin itemOrigin = origin(array, i, origin.key() + "[" + i + "]");
            Object item = array.get(i);
            if (item instanceof String s) {
                out.add(new ValueWithOrigin<>(s, itemOrigin));
            } else {
                typeError(itemOrigin, "a string", item, "quote the value");
            }
        }
        return out;
    }

    private List<ValueWithOrigin<MountSpec>> mounts(Object value, Origin origin) {
        List<ValueWithOrigin<MountSpec>> out = new ArrayList<>();
        for (ValueWithOrigin<String> s : strings(value, origin)) {
            try {
                out.add(s.with(MountParser.parse(s.value())));
            } catch (MountSyntaxException e) {
                diagnostics.add(Diagnostics.error(s.origin(), e.getMessage(), e.hint()));
            }
        }
        return out;
    }

    private Map<String, ValueWithOrigin<String>> env(Object value, Origin origin) {
        Map<String, ValueWithOrigin<String>> out = new LinkedHashMap<>();
        if (!(value instanceof TomlTable table)) {
            typeError(origin, "a table", value, "write [env] and NAME = \"value\" lines below it");
            return out;
        }
        for (String name : table.keySet()) {
            Origin itemOrigin = origin(table, name, "env." + name);
            Object item = table.get(List.of(name));
            if (item instanceof String s) {
                // An empty value unsets the variable (CSCS documentation): null in the model.
                out.put(name, new ValueWithOrigin<>(s.isEmpty() ? null : s, itemOrigin));
            } else {
                String hint = item instanceof TomlTable
                        ? "quote a name with dots: \"" + name + ".…\" = \"…\""
                        : "environment values are strings: " + name + " = \"" + TomlTypes.plain(item) + "\"";
                typeError(itemOrigin, "a string", item, hint);
            }
        }
        return out;
    }

    private Map<String, ValueWithOrigin<String>> annotations(Object value, Origin origin) {
        Map<String, ValueWithOrigin<String>> out = new LinkedHashMap<>();
        if (!(value instanceof TomlTable table)) {
            typeError(origin, "a table", value, "write [annotations] and key = \"value\" lines below it");
            return out;
        }
        flattenAnnotations(table, "", out);
        return out;
    }

    // Nested tables and dotted keys become dotted names; booleans and numbers become their text.
    private void flattenAnnotations(TomlTable table, String prefix, Map<String, ValueWithOrigin<String>> out) {
        for (String key : table.keySet()) {
            String name = prefix + key;
            Origin itemOrigin = origin(table, key, "annotations." + name);
            Object item = table.get(List.of(key));
            if (item instanceof TomlTable nested) {
                flattenAnnotations(nested, name + ".", out);
            } else if (item instanceof String || item instanceof Boolean || item instanceof Long) {
                out.put(name, new ValueWithOrigin<>(item.toString(), itemOrigin));
            } else if (item instanceof Double d) {
                out.put(name, new ValueWithOrigin<>(TomlTypes.plain(d), itemOrigin));
            } else {
                typeError(itemOrigin, "a string, boolean or number", item, "quote the value");
            }
        }
    }
}
