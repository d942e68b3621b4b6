package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.edf.convert.EnvironmentMerger;
import dev.hpcenv.edf.convert.EnvironmentMerger.NamedSpec;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves {@code baseEnvironments} as an EDF's base_environment: each name is looked up in the
 * environment's own namespace first, then among ClusterHpcEnvironments (EDF_PATH before the system
 * path); a cluster-scoped environment's bases are cluster scoped. The merge itself is
 * edf-converter's ({@link EnvironmentMerger}); this class only finds the specs and orders them.
 */
public final class EnvironmentResolver {

    /** The EDF limit on base_environment nesting. */
    public static final int MAX_DEPTH = 10;

    static final int MAX_PROBLEMS_SHOWN = 10;

    private final EnvironmentLookup lookup;

    public EnvironmentResolver(EnvironmentLookup lookup) {
        this.lookup = lookup;
    }

    public BaseResolution resolve(EnvironmentSource top) {
        List<NamedSpec> ordered = new ArrayList<>();
        BaseResolution.Failed failure = collect(top, ordered);
        return failure != null ? failure : merge(ordered);
    }

    /**
     * Resolves {@code top} with {@code beneath} as its first base: beneath's layers (its own bases
     * first), then top's. A SlurmCluster's site environment goes beneath every job's environment this
     * way, so the job's layers override the site's by the one merge. A layer that top also reaches
     * through its own bases is applied once, in the site's place.
     */
    public BaseResolution resolve(EnvironmentSource top, EnvironmentSource beneath) {
        List<NamedSpec> site = new ArrayList<>();
        BaseResolution.Failed failure = collect(beneath, site);
        if (failure != null) {
            return failure;
        }
        List<NamedSpec> own = new ArrayList<>();
        failure = collect(top, own);
        if (failure != null) {
            return failure;
        }
        List<NamedSpec> ordered = new ArrayList<>(site);
        own.stream()
                .filter(layer -> site.stream().noneMatch(s -> s.sourceName().equals(layer.sourceName())))
                .forEach(ordered::add);
        return merge(ordered);
    }

    private BaseResolution.Failed collect(EnvironmentSource top, List<NamedSpec> ordered) {
        List<String> path = new ArrayList<>();
        path.add(top.displayName());
        return collect(top, path, ordered);
    }

    private static BaseResolution merge(List<NamedSpec> ordered) {
        try {
            ResolvedEnvironment merged = EnvironmentMerger.merge(ordered);
            return new BaseResolution.Resolved(merged, EnvironmentDigest.of(merged));
        } catch (EdfException e) {
            return new BaseResolution.Failed(ConditionReasons.Environment.INVALID, invalidMessage(e.diagnostics()));
        }
    }

    /** Each problem names its field; a spec with thousands of bad keys still gets a condition one can read. */
    static String invalidMessage(List<Diagnostic> problems) {
        String shown = problems.stream()
                .limit(MAX_PROBLEMS_SHOWN)
                .map(Diagnostic::format)
                .collect(Collectors.joining("; "));
        return problems.size() > MAX_PROBLEMS_SHOWN
                ? shown + "; and " + (problems.size() - MAX_PROBLEMS_SHOWN) + " more problem(s)"
                : shown;
    }

    /** Appends the environment's bases (depth first, each base's own bases before it) and then itself. */
    private BaseResolution.Failed collect(EnvironmentSource env, List<String> path, List<NamedSpec> ordered) {
        if (path.size() > MAX_DEPTH + 1) {
            return new BaseResolution.Failed(
                    ConditionReasons.Environment.TOO_DEEP,
                    "more than " + MAX_DEPTH
                            + " levels of baseEnvironments: " + String.join(" -> ", path)
                            + " (hint: flatten the chain; EDF allows at most " + MAX_DEPTH + ")");
        }
        List<String> bases = env.spec().getBaseEnvironments();
        for (int i = 0; i < bases.size(); i++) {
            String name = bases.get(i);
            Optional<EnvironmentSource> base = find(env.namespace(), name);
            if (base.isEmpty()) {
                return new BaseResolution.Failed(
                        ConditionReasons.Environment.BASE_NOT_FOUND,
                        env.displayName()
                                + ": spec.baseEnvironments[" + i + "] '" + name + "' is neither "
                                + (env.namespace() == null
                                        ? ""
                                        : "an HpcEnvironment in namespace " + env.namespace() + " nor ")
                                + "a ClusterHpcEnvironment (hint: create it, or fix the name; this resolves again when it appears)");
            }
            String baseName = base.get().displayName();
            if (path.contains(baseName)) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(baseName), path.size()));
                cycle.add(baseName);
                return new BaseResolution.Failed(
                        ConditionReasons.Environment.BASE_CYCLE,
                        "baseEnvironments form a cycle: " + String.join(" -> ", cycle));
            }
            path.add(baseName);
            BaseResolution.Failed failed = collect(base.get(), path, ordered);
            path.remove(path.size() - 1);
            if (failed != null) {
                return failed;
            }
        }
        ordered.add(new NamedSpec(env.displayName(), env.spec()));
        return null;
    }

    private Optional<EnvironmentSource> find(String namespace, String name) {
        if (namespace != null) {
            Optional<HpcEnvironment> local = lookup.namespaced(namespace, name);
            if (local.isPresent()) {
                return Optional.of(EnvironmentSource.namespaced(
                        namespace, name, specOf(local.get().getSpec())));
            }
        }
        Optional<ClusterHpcEnvironment> cluster = lookup.clusterScoped(name);
        return cluster.map(c -> EnvironmentSource.clusterScoped(name, specOf(c.getSpec())));
    }

    private static EnvironmentSpec specOf(EnvironmentSpec spec) {
        return spec == null ? new EnvironmentSpec() : spec;
    }
}
