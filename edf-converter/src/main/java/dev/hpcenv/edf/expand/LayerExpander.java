package dev.hpcenv.edf.expand;

import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.merge.MountList;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.edf.model.Origin;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.edf.parse.Diagnostics;
import dev.hpcenv.edf.render.PathAnchor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands variables in every string value of a layer (not in keys), reporting every undefined variable
 * with the file, line and key where it was written.
 */
public final class LayerExpander {
    private final Map<String, String> variables;
    private final List<Diagnostic> problems = new ArrayList<>();

    private LayerExpander(Map<String, String> variables) {
        this.variables = variables;
    }

    public static EnvironmentLayer expand(EnvironmentLayer layer, Map<String, String> variables) throws EdfException {
        LayerExpander expander = new LayerExpander(variables);
        EnvironmentLayer expanded = expander.expandLayer(layer);
        if (!expander.problems.isEmpty()) {
            throw new EdfException(expander.problems);
        }
        return expanded;
    }

    private EnvironmentLayer expandLayer(EnvironmentLayer layer) {
        List<ValueWithOrigin<MountSpec>> mounts = new ArrayList<>();
        for (ValueWithOrigin<MountSpec> m : layer.mounts()) {
            mounts.add(mount(m));
        }
        Map<String, ValueWithOrigin<String>> env = new LinkedHashMap<>();
        // An unset variable (null) has nothing to expand; a value that expands to "" sets the variable empty.
        // [env] values see the host's (and image's) variables only, never other [env] entries (the CE's rule).
        layer.env().forEach((k, v) -> env.put(k, v.value() == null ? v : envValue(v, layer.env())));
        Map<String, ValueWithOrigin<String>> annotations = new LinkedHashMap<>();
        layer.annotations().forEach((k, v) -> annotations.put(k, string(v)));
        List<ValueWithOrigin<String>> devices =
                layer.devices().stream().map(this::string).toList();
        // Base references are not expanded: they were looked up when the layers were loaded.
        return new EnvironmentLayer(
                layer.source(),
                layer.bases(),
                string(layer.image()),
                string(layer.containerfile()),
                string(layer.workdir()),
                layer.entrypoint(),
                layer.writable(),
                MountList.normalize(mounts),
                env,
                annotations,
                devices);
    }

    private ValueWithOrigin<MountSpec> mount(ValueWithOrigin<MountSpec> m) {
        MountSpec spec = m.value();
        Origin origin = m.origin();
        String source = expand(spec.source(), origin.child("source"));
        String target = expand(spec.target(), origin.child("target"));
        List<String> flags = new ArrayList<>();
        for (String flag : spec.flags()) {
            flags.add(expand(flag, origin.child("flags")));
        }
        // A variable may hide a path that is neither absolute nor ./relative; only now can that be seen.
        if (source != null && !source.startsWith("/") && !PathAnchor.isRelative(source)) {
            problems.add(Diagnostics.error(
                    origin.child("source"),
                    "mount source '" + source + "' (from '" + spec.source() + "') is not an absolute path",
                    "the variable must expand to an absolute path"));
        }
        if (target != null && !target.startsWith("/") && !PathAnchor.isRelative(target)) {
            problems.add(Diagnostics.error(
                    origin.child("target"),
                    "mount target '" + target + "' (from '" + spec.target() + "') is not an absolute path",
                    "the variable must expand to an absolute path"));
        }
        return m.with(new MountSpec(
                source == null ? spec.source() : source, target == null ? spec.target() : target, spec.type(), flags));
    }

    private ValueWithOrigin<String> string(ValueWithOrigin<String> v) {
        if (v == null || v.value() == null) {
            return v;
        }
        String expanded = expand(v.value(), v.origin());
        return expanded == null ? v : v.with(expanded);
    }

    private ValueWithOrigin<String> envValue(ValueWithOrigin<String> v, Map<String, ValueWithOrigin<String>> env) {
        try {
            return v.with(VariableSyntax.expand(v.value(), variables));
        } catch (ExpansionProblem p) {
            ValueWithOrigin<String> sibling = p.variable() == null ? null : env.get(p.variable());
            String hint = sibling == null
                    ? p.hint()
                    : "[env] entries cannot refer to other [env] entries (" + p.variable() + " is set at "
                            + at(sibling.origin()) + "); set " + p.variable()
                            + " in the environment the job is submitted from, or write the value itself";
            problems.add(Diagnostics.error(v.origin(), p.getMessage(), hint));
            return v;
        }
    }

    private static String at(Origin o) {
        return o.line() > 0 ? o.source() + ":" + o.line() : o.source() + " " + o.key();
    }

    private String expand(String text, Origin origin) {
        try {
            return VariableSyntax.expand(text, variables);
        } catch (ExpansionProblem p) {
            problems.add(Diagnostics.error(origin, p.getMessage(), p.hint()));
            return null;
        }
    }
}
