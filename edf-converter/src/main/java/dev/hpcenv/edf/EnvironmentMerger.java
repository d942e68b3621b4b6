package dev.hpcenv.edf;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.ResolvedEnvironment;
import dev.hpcenv.edf.merge.LayerMerger;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.EnvironmentLayers;
import dev.hpcenv.edf.model.Valued;
import dev.hpcenv.edf.parse.LayerChecks;
import dev.hpcenv.edf.render.ResolvedEnvironmentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the specs of custom resources with the same rules as EDF files (for the operator, which resolves
 * {@code baseEnvironments} itself). Variables stay verbatim and relative paths stay relative: both are
 * resolved on the node.
 */
public final class EnvironmentMerger {
    private EnvironmentMerger() {
    }

    /**
     * One spec in application order.
     *
     * @param sourceName names the resource in errors and in {@code bases}, e.g. {@code HpcEnvironment ml/pytorch}
     */
    public record NamedSpec(String sourceName, EnvironmentSpec spec) {
    }

    /**
     * @param specsInOrder bases first (each base's own bases before it), the environment itself last
     * @throws EdfException listing every invalid value, named by source and field path ({@code spec.mounts[0]})
     */
    public static ResolvedEnvironment merge(List<NamedSpec> specsInOrder) throws EdfException {
        List<EnvironmentLayer> layers = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        for (NamedSpec named : specsInOrder) {
            EnvironmentLayer layer = EnvironmentLayers.fromSpec(named.spec(), named.sourceName());
            problems.addAll(LayerChecks.check(layer));
            layers.add(layer);
            bases.add(named.sourceName());
        }
        if (!problems.isEmpty()) {
            throw new EdfException(problems);
        }
        String top = specsInOrder.isEmpty() ? "environment" : specsInOrder.get(specsInOrder.size() - 1).sourceName();
        return ResolvedEnvironmentBuilder.build(LayerMerger.merge(top, layers), bases, null, false);
    }

    /**
     * Puts {@code env} over the variables of {@code resolved} as one more layer of the merge would: a value
     * sets its variable, an empty one unsets it. Nothing else of {@code resolved} changes. For the operator,
     * which applies an HpcJob's {@code env} to its resolved environment.
     */
    public static void applyEnv(ResolvedEnvironment resolved, Map<String, String> env) {
        EnvironmentSpec top = new EnvironmentSpec();
        top.setEnv(env);
        Map<String, Valued<String>> merged = LayerMerger.merge("env", List.of(
                EnvironmentLayers.fromResolved(resolved, "resolved environment"),
                EnvironmentLayers.fromSpec(top, "env"))).env();
        Map<String, String> set = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        merged.forEach((name, value) -> {
            if (value.value() == null) {
                unset.add(name);
            } else {
                set.put(name, value.value());
            }
        });
        resolved.setEnv(set);
        resolved.setUnsetEnv(unset);
    }
}
