package dev.hpcenv.operator.job;

import dev.hpcenv.crd.units.SlurmUnits;
import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.JobResources;
import dev.hpcenv.edf.validate.EnvironmentRules;
import dev.hpcenv.operator.placement.ClusterSelectors;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks the schema cannot make. Each problem is one line naming the field, with a hint. The
 * API server has already applied the schema; these are returned, not thrown, because a user fixes
 * them by editing the spec.
 */
public final class JobSpecValidator {

    private JobSpecValidator() {}

    /** The rules of the CRD's schema again (stored data may predate them), and the selector's own. */
    private static void clusterRef(ClusterRef ref, List<String> problems) {
        int set = ref == null
                ? 0
                : (ref.getName() != null ? 1 : 0)
                        + (ref.getNames() != null ? 1 : 0)
                        + (ref.getSelector() != null ? 1 : 0);
        if (set == 0) {
            problems.add("spec.clusterRef: names no SlurmCluster (hint: set name, names or selector; "
                    + "kubectl get slurmclusters)");
            return;
        }
        if (set > 1) {
            problems.add("spec.clusterRef: set exactly one of name, names and selector");
            return;
        }
        if (ref.getNames() != null
                && (ref.getNames().isEmpty() || ref.getNames().size() > ClusterRef.MAX_NAMES)) {
            problems.add("spec.clusterRef.names: " + ref.getNames().size() + " names, must be 1 to "
                    + ClusterRef.MAX_NAMES + " (hint: list the SlurmClusters in order of preference)");
        }
        if (ref.getSelector() != null) {
            problems.addAll(ClusterSelectors.problems(ref.getSelector(), "spec.clusterRef.selector"));
        }
    }

    public static List<String> problems(HpcJobSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            return List.of("spec: missing (hint: see kubectl explain hpcjob.spec)");
        }
        clusterRef(spec.getClusterRef(), problems);
        if ((spec.getEnvironmentRef() == null) == (spec.getEnvironment() == null)) {
            problems.add("spec: set exactly one of environmentRef and environment");
        }
        if (spec.getCommand().isEmpty()) {
            problems.add("spec.command: empty (hint: give the program and its arguments, e.g. [python, train.py])");
        }
        words("spec.command", spec.getCommand(), problems);
        words("spec.args", spec.getArgs(), problems);
        // The rules of edf-converter, so that a variable refused here is refused in an EDF and an HpcEnvironment too.
        EnvironmentRules.variables("spec.env.", spec.getEnv()).forEach(v -> problems.add(v.format()));
        EnvironmentRules.workdir(spec.getWorkingDirectory())
                .ifPresent(v -> problems.add("spec.workingDirectory: " + v.format()));
        resources(spec.getResources(), problems);
        problems.addAll(ServicesValidator.problems(spec.getServices()));
        Integer requeue = spec.getRequeue();
        if (requeue != null && (requeue < 0 || requeue > HpcJobSpec.MAX_REQUEUE)) {
            problems.add("spec.requeue: " + requeue + " is outside 0.." + HpcJobSpec.MAX_REQUEUE
                    + " (hint: Slurm holds a batch job after MaxBatchRequeue automatic requeues, 5 by default)");
        }
        // The schema says the same; stored data that bypassed it (an older CRD) must not reach Slurm.
        if (spec.getArray() != null) {
            try {
                dev.hpcenv.slurm.ArrayIndexes.parse(spec.getArray());
            } catch (IllegalArgumentException e) {
                problems.add("spec." + e.getMessage());
            }
        }
        java.util.Set<String> named = new java.util.HashSet<>();
        for (dev.hpcenv.crd.v1alpha1.JobDependency d : spec.getDependsOn()) {
            if (d != null && !named.add(d.getName())) {
                problems.add("spec.dependsOn: " + d.getName() + " is named more than once (hint: keep one entry, "
                        + "with condition Succeeded or Completed)");
                break;
            }
        }
        if (spec.getDependsOn().size() > HpcJobSpec.MAX_DEPENDENCIES) {
            problems.add("spec.dependsOn: " + spec.getDependsOn().size() + " dependencies, at most "
                    + HpcJobSpec.MAX_DEPENDENCIES
                    + " (hint: chain the jobs through a job that depends on some of them)");
        }
        return problems;
    }

    private static void resources(JobResources r, List<String> problems) {
        if (r == null) {
            return;
        }
        count("spec.resources.nodes", r.getNodes(), 1, JobResources.MAX_NODES, problems);
        count("spec.resources.tasks", r.getTasks(), 1, JobResources.MAX_TASKS, problems);
        count("spec.resources.tasksPerNode", r.getTasksPerNode(), 1, JobResources.MAX_TASKS_PER_NODE, problems);
        count("spec.resources.cpusPerTask", r.getCpusPerTask(), 1, JobResources.MAX_CPUS_PER_TASK, problems);
        count("spec.resources.gpus", r.getGpus(), 0, JobResources.MAX_GPUS_PER_NODE, problems);
        if (r.getMemory() != null) {
            try {
                if (SlurmUnits.memoryMebibytes(r.getMemory()) == 0) {
                    problems.add("spec.resources.memory: 0 (all memory of each node) is not supported by this "
                            + "operator yet (hint: give the amount, e.g. 64Gi)");
                }
            } catch (IllegalArgumentException e) {
                problems.add("spec.resources.memory: " + e.getMessage());
            }
        }
        if (r.getTimeLimit() != null) {
            try {
                SlurmUnits.durationMinutes(r.getTimeLimit());
            } catch (IllegalArgumentException e) {
                problems.add("spec.resources.timeLimit: " + e.getMessage());
            }
        }
        // Refused rather than dropped: a job must not run somewhere its author did not ask for.
        if (r.getReservation() != null) {
            problems.add("spec.resources.reservation: not supported by this operator yet (hint: remove it)");
        }
        if (r.getConstraints() != null) {
            problems.add("spec.resources.constraints: not supported by this operator yet (hint: remove it)");
        }
    }

    /**
     * The schema's bounds, checked again: the operator may run behind an API server that enforced an
     * older schema, or none.
     */
    private static void count(String field, Integer value, int min, int max, List<String> problems) {
        if (value != null && (value < min || value > max)) {
            problems.add(field + ": " + value + " is outside " + min + ".." + max
                    + " (hint: the bound of the HpcJob schema; ask for what the partition has)");
        }
    }

    static void words(String field, List<String> words, List<String> problems) {
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i) == null) {
                problems.add(field + "[" + i + "]: null (hint: quote the value in YAML)");
            } else if (words.get(i).indexOf('\0') >= 0) {
                problems.add(field + "[" + i + "]: contains a NUL character, which no argv can hold");
            }
        }
    }
}
