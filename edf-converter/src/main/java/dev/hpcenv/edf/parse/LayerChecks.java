package dev.hpcenv.edf.parse;

import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.expand.ExpansionProblem;
import dev.hpcenv.edf.expand.VariableSyntax;
import dev.hpcenv.edf.image.ImageReferenceParser;
import dev.hpcenv.edf.image.ImageSyntaxException;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.edf.model.Valued;
import dev.hpcenv.edf.mount.MountParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks of a layer's values that do not depend on where the layer came from (EDF or CR): variable
 * syntax in every string, image references that can be checked before expansion, mount paths and
 * variable names.
 */
public final class LayerChecks {
    private LayerChecks() {
    }

    public static List<Diagnostic> check(EnvironmentLayer layer) {
        List<Diagnostic> out = new ArrayList<>();
        checkSyntax(layer.image(), out);
        checkImage(layer.image(), out);
        checkSyntax(layer.containerfile(), out);
        checkSyntax(layer.workdir(), out);
        for (Valued<MountSpec> m : layer.mounts()) {
            checkMount(m, out);
        }
        for (Map.Entry<String, Valued<String>> e : layer.env().entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().contains("=") || e.getKey().indexOf('\0') >= 0) {
                out.add(Diagnostics.error(e.getValue().origin(), "invalid environment variable name '" + e.getKey() + "'",
                        "a name must not be empty or contain '='"));
            }
            checkSyntax(e.getValue(), out);
        }
        layer.annotations().values().forEach(v -> checkSyntax(v, out));
        layer.devices().forEach(v -> checkSyntax(v, out));
        return out;
    }

    private static void checkSyntax(Valued<String> v, List<Diagnostic> out) {
        if (v == null || v.value() == null) {
            return;
        }
        ExpansionProblem p = VariableSyntax.syntaxProblem(v.value());
        if (p != null) {
            out.add(Diagnostics.error(v.origin(), p.getMessage(), p.hint()));
        }
    }

    private static void checkImage(Valued<String> image, List<Diagnostic> out) {
        // With references in it, the image can only be classified after expansion (on the node).
        if (image == null || image.value().isEmpty() || VariableSyntax.hasReferences(image.value())) {
            return;
        }
        try {
            ImageReferenceParser.parse(VariableSyntax.expand(image.value(), Map.of()));
        } catch (ImageSyntaxException e) {
            out.add(Diagnostics.error(image.origin(), e.getMessage(), e.hint()));
        } catch (ExpansionProblem ignored) {
            // reported by checkSyntax
        }
    }

    private static void checkMount(Valued<MountSpec> m, List<Diagnostic> out) {
        MountSpec spec = m.value();
        String[][] parts = {{"source", spec.source()}, {"target", spec.target()}};
        for (String[] part : parts) {
            String path = part[1];
            if (!MountParser.isPathLike(path)) {
                out.add(Diagnostics.error(m.origin(), "mount " + part[0] + " '" + path
                        + "' must be an absolute path or start with ./", "write /abs/path, ./relative/path or ${VAR}"));
            }
            checkSyntax(new Valued<>(path, m.origin()), out);
        }
        spec.flags().forEach(f -> checkSyntax(new Valued<>(f, m.origin()), out));
    }
}
