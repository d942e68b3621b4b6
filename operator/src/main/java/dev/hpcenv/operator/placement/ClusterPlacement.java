package dev.hpcenv.operator.placement;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.cluster.UserMappings;
import dev.hpcenv.operator.status.ConditionsView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Chooses the SlurmCluster of an HpcJob (docs/workflows.md, section 5), pure: the first candidate, in
 * the order of {@code spec.clusterRef.names} (for a selector: the matching SlurmClusters by name),
 * that is Ready and maps the job's namespace to a Slurm user the operator does not deny. A
 * cluster counts as Ready when its condition Ready is True, or False only because another
 * namespace's mapping is denied (UserMappingDenied: the others' jobs are submitted there).
 *
 * <p>The choice is made once: a cluster recorded in status.cluster is kept while the job has a Slurm
 * job, and, before that, while spec.clusterRef still offers it. {@code clusterRef.name} is placed
 * on that cluster whatever its state, as before lists and selectors existed: the job's conditions
 * then say what it waits for.
 */
public final class ClusterPlacement {

    private ClusterPlacement() {}

    /**
     * @param recorded  status.cluster, or null
     * @param submitted true when the job has (or may have) a Slurm job on the recorded cluster
     * @param clusters  every SlurmCluster the operator knows
     * @param denied    why the operator refuses to run jobs as a Slurm user, when it does
     */
    public static Placement place(
            ClusterRef ref,
            String recorded,
            boolean submitted,
            String namespace,
            List<SlurmCluster> clusters,
            Function<String, Optional<String>> denied) {
        if (recorded != null && (submitted || offers(ref, recorded, clusters))) {
            return new Placement.On(recorded, true, false);
        }
        if (ref == null) {
            return new Placement.Unplaced();
        }
        if (ref.getName() != null) {
            return new Placement.On(ref.getName(), ref.getName().equals(recorded), false);
        }
        List<String> candidates = candidates(ref, clusters);
        if (candidates.isEmpty()) {
            return ref.getSelector() != null
                    ? new Placement.NoneReady("no SlurmCluster matches spec.clusterRef.selector " + describe(ref)
                            + " (hint: kubectl get slurmclusters --show-labels)")
                    : new Placement.Unplaced();
        }
        List<String> why = new ArrayList<>();
        for (String name : candidates) {
            Optional<String> refusal = refusal(name, clusters, namespace, denied);
            if (refusal.isEmpty()) {
                return new Placement.On(name, name.equals(recorded), true);
            }
            why.add(name + ": " + refusal.get());
        }
        return new Placement.NoneReady("no SlurmCluster of spec.clusterRef "
                + (ref.getSelector() != null ? "(selector " + describe(ref) + ") " : "")
                + "is Ready and maps namespace " + namespace + " to a Slurm user; " + String.join("; ", why)
                + " (the job waits and is placed when one is)");
    }

    /** The candidates of a list or selector, in the order of preference. */
    public static List<String> candidates(ClusterRef ref, List<SlurmCluster> clusters) {
        if (ref == null) {
            return List.of();
        }
        if (ref.getName() != null) {
            return List.of(ref.getName());
        }
        if (ref.getNames() != null) {
            return ref.getNames().stream().distinct().toList();
        }
        if (ref.getSelector() == null) {
            return List.of();
        }
        return clusters.stream()
                .filter(c -> ClusterSelectors.matches(
                        ref.getSelector(), c.getMetadata().getLabels()))
                .map(c -> c.getMetadata().getName())
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    private static boolean offers(ClusterRef ref, String cluster, List<SlurmCluster> clusters) {
        return candidates(ref, clusters).contains(cluster);
    }

    private static Optional<String> refusal(
            String name, List<SlurmCluster> clusters, String namespace, Function<String, Optional<String>> denied) {
        Optional<SlurmCluster> found = clusters.stream()
                .filter(c -> name.equals(c.getMetadata().getName()))
                .findFirst();
        if (found.isEmpty()) {
            return Optional.of("does not exist");
        }
        SlurmCluster cluster = found.get();
        Optional<Condition> ready = ConditionsView.find(
                cluster.getStatus() == null ? null : cluster.getStatus().getConditions(), ConditionType.READY);
        boolean usable = ready.isPresent()
                && (Condition.TRUE.equals(ready.get().getStatus())
                        || (Condition.FALSE.equals(ready.get().getStatus())
                                && ConditionReasons.Cluster.USER_MAPPING_DENIED.equals(
                                        ready.get().getReason())));
        if (!usable) {
            return Optional.of("not Ready ("
                    + ready.map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()))
                            .orElse("not checked yet")
                    + ")");
        }
        Optional<UserMapping> mapping = UserMappings.forNamespace(cluster.getSpec(), namespace);
        if (mapping.isEmpty()) {
            return Optional.of("maps no Slurm user for namespace " + namespace);
        }
        return denied.apply(mapping.get().getUser()).map(why -> "maps namespace " + namespace + " to " + why);
    }

    private static String describe(ClusterRef ref) {
        List<String> parts = new ArrayList<>();
        if (ref.getSelector().getMatchLabels() != null) {
            ref.getSelector().getMatchLabels().forEach((k, v) -> parts.add(k + "=" + v));
        }
        if (ref.getSelector().getMatchExpressions() != null) {
            ref.getSelector()
                    .getMatchExpressions()
                    .forEach(r -> parts.add(r.getKey() + " " + r.getOperator()
                            + (r.getValues() == null || r.getValues().isEmpty() ? "" : " " + r.getValues())));
        }
        return "{" + String.join(", ", parts) + "}";
    }
}
