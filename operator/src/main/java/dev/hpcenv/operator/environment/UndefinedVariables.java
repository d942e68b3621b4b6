package dev.hpcenv.operator.environment;

import dev.hpcenv.edf.expand.ExpansionProblem;
import dev.hpcenv.edf.expand.VariableSyntax;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the {@code ${VAR}} references of a resolved environment that no node defines (references with a
 * default, {@code ${VAR:-x}}, never fail). The environment's own {@code env} does not count: as in the
 * CSCS engine, values are expanded from the host and the image, not from other {@code [env]} entries.
 */
public final class UndefinedVariables {

    /** One reference: {@code ${name}} in {@code field} (e.g. {@code mounts[0].source}). */
    public record Use(String name, String field) {
        @Override
        public String toString() {
            return "${" + name + "} in " + field;
        }
    }

    private UndefinedVariables() {}

    public static List<Use> find(ResolvedEnvironment env, NodeVariables node) {
        List<Use> out = new ArrayList<>();
        check("image", env.getImage(), node, out);
        check("containerfile", env.getContainerfile(), node, out);
        check("workdir", env.getWorkdir(), node, out);
        for (int i = 0; i < env.getMounts().size(); i++) {
            Mount m = env.getMounts().get(i);
            if (m == null) {
                continue;
            }
            check("mounts[" + i + "].source", m.getSource(), node, out);
            check("mounts[" + i + "].target", m.getTarget(), node, out);
            for (String flag : m.getFlags() == null ? List.<String>of() : m.getFlags()) {
                check("mounts[" + i + "].flags", flag, node, out);
            }
        }
        env.getEnv().forEach((k, v) -> check("env." + k, v, node, out));
        env.getAnnotations().forEach((k, v) -> check("annotations." + k, v, node, out));
        for (int i = 0; i < env.getDevices().size(); i++) {
            check("devices[" + i + "]", env.getDevices().get(i), node, out);
        }
        return out;
    }

    // Expands with every defined name set, adding each undefined one found, until the text expands:
    // every reference is seen, also one inside the default of an unset variable.
    private static void check(String field, String text, NodeVariables node, List<Use> out) {
        if (text == null || !VariableSyntax.hasReferences(text)) {
            return;
        }
        Set<String> undefined = new LinkedHashSet<>();
        Map<String, String> variables = new HashMap<>() {
            @Override
            public String get(Object name) {
                return node.defines((String) name) || undefined.contains(name) ? "x" : null;
            }
        };
        for (int round = 0; round < 64; round++) {
            try {
                VariableSyntax.expand(text, variables);
                break;
            } catch (ExpansionProblem p) {
                if (p.kind() != ExpansionProblem.Kind.UNDEFINED_VARIABLE || !undefined.add(p.variable())) {
                    break; // a syntax problem makes Ready False on its own
                }
            }
        }
        undefined.forEach(name -> out.add(new Use(name, field)));
    }
}
