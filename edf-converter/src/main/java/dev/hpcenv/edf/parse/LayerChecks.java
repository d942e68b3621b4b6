package dev.hpcenv.edf.parse;

import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.expand.ExpansionProblem;
import dev.hpcenv.edf.expand.VariableSyntax;
import dev.hpcenv.edf.image.ImageReferenceParser;
import dev.hpcenv.edf.image.ImageSyntaxException;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.edf.model.Origin;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.edf.mount.MountParser;
import dev.hpcenv.edf.validate.EnvironmentRules;
import dev.hpcenv.edf.validate.HookAnnotationValues;
import dev.hpcenv.edf.validate.Printable;
import dev.hpcenv.edf.validate.RuleViolation;
import dev.hpcenv.model.MountType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks of a layer's values that do not depend on where the layer came from (EDF or CR): variable
 * syntax in every string, image references that can be checked before expansion, mount paths, and
 * {@link EnvironmentRules} for variables, annotations, bind mount flags and the working directory.
 */
public final class LayerChecks {
    private LayerChecks() {}

    public static List<Diagnostic> check(EnvironmentLayer layer) {
        List<Diagnostic> out = new ArrayList<>();
        checkSyntax(layer.image(), out);
        checkImage(layer.image(), out);
        checkSyntax(layer.containerfile(), out);
        checkSyntax(layer.workdir(), out);
        if (layer.workdir() != null) {
            report(
                    layer.workdir().origin(),
                    EnvironmentRules.environmentWorkdir(layer.workdir().value()),
                    out);
        }
        for (ValueWithOrigin<MountSpec> m : layer.mounts()) {
            checkMount(m, out);
        }
        for (Map.Entry<String, ValueWithOrigin<String>> e : layer.env().entrySet()) {
            report(
                    e.getValue().origin(),
                    EnvironmentRules.variable(e.getKey(), e.getValue().value()),
                    out);
            checkSyntax(e.getValue(), out);
        }
        for (Map.Entry<String, ValueWithOrigin<String>> e : layer.annotations().entrySet()) {
            report(
                    e.getValue().origin(),
                    EnvironmentRules.annotation(e.getKey(), e.getValue().value()),
                    out);
            checkSyntax(e.getValue(), out);
        }
        layer.devices().forEach(v -> checkSyntax(v, out));
        return out;
    }

    /**
     * What is valid but does nothing here, as warnings: {@code com.pyxis.*} annotations, which only
     * Pyxis reads. Separate from {@link #check}, whose every finding is an error to its callers.
     */
    public static List<Diagnostic> warnings(EnvironmentLayer layer) {
        List<Diagnostic> out = new ArrayList<>();
        layer.annotations().forEach((key, v) -> {
            if (HookAnnotationValues.isPyxis(key)) {
                out.add(Diagnostics.warning(v.origin(), HookAnnotationValues.pyxisNote(key), null));
            }
        });
        return out;
    }

    // The key holds the user's name, which may be a megabyte long or hold a newline.
    private static void report(Origin origin, Optional<RuleViolation> violation, List<Diagnostic> out) {
        violation.ifPresent(v -> out.add(Diagnostics.error(
                new Origin(origin.source(), origin.line(), origin.column(), Printable.of(origin.key())),
                v.message(),
                v.hint())));
    }

    private static void checkSyntax(ValueWithOrigin<String> v, List<Diagnostic> out) {
        if (v == null || v.value() == null) {
            return;
        }
        ExpansionProblem p = VariableSyntax.syntaxProblem(v.value());
        if (p != null) {
            out.add(Diagnostics.error(v.origin(), p.getMessage(), p.hint()));
        }
    }

    private static void checkImage(ValueWithOrigin<String> image, List<Diagnostic> out) {
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

    private static void checkMount(ValueWithOrigin<MountSpec> m, List<Diagnostic> out) {
        MountSpec spec = m.value();
        String[][] parts = {{"source", spec.source()}, {"target", spec.target()}};
        for (String[] part : parts) {
            String path = part[1];
            if (!MountParser.isPathLike(path)) {
                out.add(Diagnostics.error(
                        m.origin(),
                        "mount " + part[0] + " '" + path + "' must be an absolute path or start with ./",
                        "write /abs/path, ./relative/path or ${VAR}"));
            }
            checkSyntax(new ValueWithOrigin<>(path, m.origin()), out);
        }
        for (String flag : spec.flags()) {
            checkSyntax(new ValueWithOrigin<>(flag, m.origin()), out);
            if (spec.type() == MountType.BIND && !VariableSyntax.hasReferences(flag)) {
                report(m.origin(), EnvironmentRules.bindMountFlag(flag), out);
            }
        }
    }
}
