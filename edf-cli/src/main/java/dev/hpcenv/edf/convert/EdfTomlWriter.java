package dev.hpcenv.edf.convert;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.edf.mount.MountParser;
import dev.hpcenv.edf.parse.Diagnostics;
import dev.hpcenv.edf.parse.EdfParser;
import dev.hpcenv.edf.parse.LayerChecks;
import dev.hpcenv.edf.parse.ParsedEdf;
import dev.hpcenv.model.Mount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tomlj.Toml;

/**
 * Writes an environment spec as an EDF. The text is read back and compared with the spec before it is
 * returned, so a spec that EDF cannot express (a colon in a mount path, say) is an error, never a file
 * that means something else.
 */
public final class EdfTomlWriter {
    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private EdfTomlWriter() {}

    /** @param sourceName names the resource in errors, e.g. {@code env.yaml: HpcEnvironment/foo} */
    public static String write(EnvironmentSpec input, String header, String sourceName) throws EdfException {
        EnvironmentLayer layer = SpecLayers.fromSpec(input, sourceName);
        List<Diagnostic> problems = new ArrayList<>(LayerChecks.check(layer));
        for (ValueWithOrigin<String> base : layer.bases()) {
            if (base.value().isBlank()) {
                problems.add(Diagnostics.error(
                        base.origin(), "empty base environment name", "remove the empty entry from baseEnvironments"));
            }
        }
        if (!problems.isEmpty()) {
            throw new EdfException(problems);
        }
        EnvironmentSpec spec = SpecLayers.toSpec(
                layer, layer.bases().stream().map(ValueWithOrigin::value).toList());
        StringBuilder out = new StringBuilder();
        if (header != null) {
            header.lines().forEach(l -> out.append("# ").append(l).append('\n'));
        }
        List<String> bases = spec.getBaseEnvironments();
        if (!bases.isEmpty()) {
            out.append("base_environment = ").append(array(bases)).append('\n');
        }
        scalar(out, "image", spec.getImage());
        scalar(out, "containerfile", spec.getContainerfile());
        scalar(out, "workdir", spec.getWorkdir());
        if (spec.getEntrypoint() != null) {
            out.append("entrypoint = ").append(spec.getEntrypoint()).append('\n');
        }
        if (spec.getWritable() != null) {
            out.append("writable = ").append(spec.getWritable()).append('\n');
        }
        if (!spec.getMounts().isEmpty()) {
            List<String> mounts = new ArrayList<>();
            for (Mount m : spec.getMounts()) {
                mounts.add(MountParser.format(MountSpec.fromCrd(m)));
            }
            out.append("mounts = ").append(array(mounts)).append('\n');
        }
        if (!spec.getDevices().isEmpty()) {
            out.append("devices = ").append(array(spec.getDevices())).append('\n');
        }
        table(out, "env", spec.getEnv());
        table(out, "annotations", spec.getAnnotations());
        String toml = out.toString();
        verify(toml, spec, sourceName);
        return toml;
    }

    private static void verify(String toml, EnvironmentSpec spec, String sourceName) throws EdfException {
        ParsedEdf parsed = new EdfParser(true).parseText(toml, sourceName);
        List<Diagnostic> errors =
                parsed.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            throw new EdfException(errors.stream()
                    .map(d ->
                            Diagnostic.error(sourceName, 0, 0, "cannot be written as an EDF: " + d.message(), d.hint()))
                    .toList());
        }
        EnvironmentSpec back = SpecLayers.toSpec(
                parsed.layer(),
                parsed.layer().bases().stream().map(ValueWithOrigin::value).toList());
        if (!Yaml.MAPPER.valueToTree(back).equals(Yaml.MAPPER.valueToTree(spec))) {
            throw new EdfException(Diagnostic.error(
                    sourceName,
                    0,
                    0,
                    "cannot be written as an EDF without changing its meaning",
                    "EDF mounts are SOURCE:TARGET[:FLAGS] strings: paths cannot contain ':' and a squashfs mount "
                            + "takes no other flags"));
        }
    }

    private static void scalar(StringBuilder out, String key, String value) {
        if (value != null) {
            out.append(key).append(" = ").append(quote(value)).append('\n');
        }
    }

    private static void table(StringBuilder out, String name, Map<String, String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        out.append('\n').append('[').append(name).append("]\n");
        entries.forEach((k, v) -> out.append(key(k))
                .append(" = ")
                .append(quote(v == null ? "" : v))
                .append('\n'));
    }

    // Annotation names with dots are written quoted: one key, whatever its parts, so a flat map stays flat.
    private static String key(String k) {
        return BARE_KEY.matcher(k).matches() ? k : quote(k);
    }

    private static String quote(String s) {
        return "\"" + Toml.tomlEscape(s) + "\"";
    }

    private static String array(List<String> items) {
        if (items.size() <= 1) {
            return items.stream().map(EdfTomlWriter::quote).collect(Collectors.joining(", ", "[", "]"));
        }
        return items.stream().map(i -> "    " + quote(i)).collect(Collectors.joining(",\n", "[\n", ",\n]"));
    }
}
