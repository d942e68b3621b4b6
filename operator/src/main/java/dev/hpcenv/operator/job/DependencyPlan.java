package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.DependencyCondition;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.JobDependency;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What an HpcJob's {@code dependsOn} allows before it is submitted (docs/workflows.md, section 4), from
 * what the operator knows of the other HpcJobs of its namespace. Checked in this order: a cycle is
 * refused; a dependency that ended in a way that cannot satisfy its condition fails the job; a missing
 * name is waited for; a dependency on another cluster, or without a Slurm id yet, is waited for; the
 * rest become Slurm's {@code afterok}/{@code afterany} on the same cluster.
 */
public final class DependencyPlan {

    private DependencyPlan() {}

    /**
     * Another HpcJob as a dependency: its cluster, phase, Slurm id and its own dependencies' names.
     *
     * @param cluster the SlurmCluster it runs on (or will)
     * @param phase   null before the operator wrote any status
     */
    public record Other(String name, String cluster, HpcJobPhase phase, Long slurmJobId, List<String> dependsOn) {
        public Other {
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /** The outcome for the dependent job. */
    public sealed interface Outcome {}

    /**
     * Submit now.
     *
     * @param slurmDependency Slurm's dependency expression for the dependencies still running on the same
     *                        cluster (e.g. {@code afterok:12:13,afterany:14}); null when none is left
     */
    public record Ready(String slurmDependency) implements Outcome {}

    /** Not yet: reason {@code WaitingForDependency} or {@code DependencyMissing}. */
    public record Wait(String reason, String message) implements Outcome {}

    /** A dependency ended in a way that cannot satisfy its condition: the job fails (DependencyFailed). */
    public record Failed(String message) implements Outcome {}

    /** The dependencies loop back to the job: refused (DependencyCycle) until the specs change. */
    public record Cycle(String message) implements Outcome {}

    /**
     * @param self    the dependent job's name
     * @param cluster the SlurmCluster it is placed on
     * @param lookup  the HpcJobs of its namespace by name
     */
    public static Outcome of(
            String self, String cluster, List<JobDependency> dependsOn, Function<String, Optional<Other>> lookup) {
        if (dependsOn == null || dependsOn.isEmpty()) {
            return new Ready(null);
        }
        Optional<List<String>> cycle = cycle(self, dependsOn, lookup);
        if (cycle.isPresent()) {
            return new Cycle("spec.dependsOn makes a cycle: " + String.join(" -> ", cycle.get())
                    + " (hint: remove one of these dependencies)");
        }
        List<String> missing = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        Map<DependencyCondition, List<Long>> slurm = new LinkedHashMap<>();
        for (JobDependency d : dependsOn) {
            DependencyCondition condition = d.getCondition() == null ? DependencyCondition.SUCCEEDED : d.getCondition();
            Optional<Other> other = lookup.apply(d.getName());
            if (other.isEmpty()) {
                missing.add(d.getName());
                continue;
            }
            Other o = other.get();
            if (o.phase() != null && o.phase().isTerminal()) {
                if (condition == DependencyCondition.SUCCEEDED && o.phase() != HpcJobPhase.SUCCEEDED) {
                    return new Failed("dependency " + o.name() + " ended "
                            + o.phase().wire() + ", so its condition Succeeded can never be met");
                }
                continue; // Met: Slurm need not know (and may have purged the job).
            }
            if (!cluster.equals(o.cluster())) {
                waiting.add(o.name() + " (on SlurmCluster " + o.cluster() + ", until it ends)");
            } else if (o.slurmJobId() == null) {
                waiting.add(o.name() + " (not submitted yet)");
            } else {
                slurm.computeIfAbsent(condition, c -> new ArrayList<>()).add(o.slurmJobId());
            }
        }
        if (!missing.isEmpty()) {
            return new Wait(
                    "DependencyMissing",
                    "waiting for dependencies that do not exist (yet) in this namespace: "
                            + String.join(", ", missing));
        }
        if (!waiting.isEmpty()) {
            return new Wait("WaitingForDependency", "waiting for " + String.join(", ", waiting));
        }
        if (slurm.isEmpty()) {
            return new Ready(null);
        }
        List<String> parts = new ArrayList<>();
        slurm.forEach((condition, ids) -> {
            StringBuilder b = new StringBuilder(condition == DependencyCondition.SUCCEEDED ? "afterok" : "afterany");
            ids.forEach(id -> b.append(':').append(id));
            parts.add(b.toString());
        });
        return new Ready(String.join(",", parts));
    }

    /** A path from the job through dependencies back to it, if one exists (depth first, each job once). */
    private static Optional<List<String>> cycle(
            String self, List<JobDependency> dependsOn, Function<String, Optional<Other>> lookup) {
        Set<String> seen = new HashSet<>();
        for (JobDependency d : dependsOn) {
            List<String> path = new ArrayList<>(List.of(self));
            Optional<List<String>> found = walk(self, d.getName(), path, seen, lookup);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> walk(
            String self, String name, List<String> path, Set<String> seen, Function<String, Optional<Other>> lookup) {
        path.add(name);
        if (name.equals(self)) {
            return Optional.of(List.copyOf(path));
        }
        if (seen.add(name)) {
            Optional<Other> other = lookup.apply(name);
            if (other.isPresent()) {
                for (String next : other.get().dependsOn()) {
                    Optional<List<String>> found = walk(self, next, path, seen, lookup);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        path.remove(path.size() - 1);
        return Optional.empty();
    }
}
