package dev.hpcenv.edf.convert;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.merge.LayerMerger;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.parse.LayerChecks;
import dev.hpcenv.edf.render.ResolvedEnvironmentBuilder;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the specs of custom resources with the same rules as EDF files (for the operator, which resolves
 * {@code baseEnvironments} itself). Variables stay verbatim and relative paths stay relative: both are
 * resolved on the node.
 */
public final class EnvironmentMerger {
    private EnvironmentMerger() {}

    /**
     * One spec in application order.
     *
     * @param sourceName names the resource in errors and in {@code bases}, e.g. {@code HpcEnvironment ml/pytorch}
     */
    public record NamedSpec(String sourceName, EnvironmentSpec spec) {}

    /**
     * @param specsInOrder bases first (each base's own bases before it), the environment itself last
     * @throws EdfException listing every invalid value, named by source and field path ({@code spec.mounts[0]})
     */
    public static ResolvedEnvironment merge(List<NamedSpec> specsInOrder) throws EdfException {
        List<EnvironmentLayer> layers = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        for (NamedSpec named : specsInOrder) {
            EnvironmentLayer layer = SpecLayers.fromSpec(named.spec(), named.sourceName());
            problems.addAll(LayerChecks.check(layer));
            layers.add(layer);
            bases.add(named.sourceName());
        }
        if (!problems.isEmpty()) {
            throw new EdfException(problems);
        }
        String top = specsInOrder.isEmpty()
                ? "environment"
                : specsInOrder.get(specsInOrder.size() - 1).sourceName();
        return ResolvedEnvironmentBuilder.build(LayerMerger.merge(top, layers), bases, null, false);
    }
}
