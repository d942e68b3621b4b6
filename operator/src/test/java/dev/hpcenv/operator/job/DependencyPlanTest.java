package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.DependencyCondition;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.JobDependency;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DependencyPlan} as a table: the job "run" on cluster "daint", its dependsOn, the namespace's
 * other HpcJobs, and the outcome in a few words.
 */
class DependencyPlanTest {

    static Stream<Arguments> table() {
        return Stream.of(
                row("no dependencies: submit plainly", deps(), jobs(), "Ready null"),
                row(
                        "a running dependency on the same cluster: afterok on its id",
                        deps("setup"),
                        jobs(other("setup", "daint", HpcJobPhase.RUNNING, 11L)),
                        "Ready afterok:11"),
                row(
                        "Completed becomes afterany, and each condition lists its ids",
                        deps("a", "b", "c:Completed"),
                        jobs(
                                other("a", "daint", HpcJobPhase.SUBMITTED, 11L),
                                other("b", "daint", HpcJobPhase.RUNNING, 12L),
                                other("c", "daint", HpcJobPhase.RUNNING, 13L)),
                        "Ready afterok:11:12,afterany:13"),
                row(
                        "a dependency that succeeded is met: Slurm need not know (it may have purged it)",
                        deps("setup", "b"),
                        jobs(
                                other("setup", "daint", HpcJobPhase.SUCCEEDED, 11L),
                                other("b", "daint", HpcJobPhase.RUNNING, 12L)),
                        "Ready afterok:12"),
                row(
                        "every dependency met: submit without a Slurm dependency",
                        deps("setup", "old:Completed"),
                        jobs(
                                other("setup", "daint", HpcJobPhase.SUCCEEDED, 11L),
                                other("old", "daint", HpcJobPhase.CANCELLED, 9L)),
                        "Ready null"),
                row(
                        "a failed dependency with Succeeded fails the job",
                        deps("setup"),
                        jobs(other("setup", "daint", HpcJobPhase.FAILED, 11L)),
                        "Failed dependency setup ended Failed, so its condition Succeeded can never be met"),
                row(
                        "a cancelled dependency with Succeeded fails the job",
                        deps("setup"),
                        jobs(other("setup", "daint", HpcJobPhase.CANCELLED, 11L)),
                        "Failed dependency setup ended Cancelled, so its condition Succeeded can never be met"),
                row(
                        "a dependency without a Slurm id is waited for",
                        deps("setup"),
                        jobs(other("setup", "daint", HpcJobPhase.PENDING, null)),
                        "Wait WaitingForDependency waiting for setup (not submitted yet)"),
                row(
                        "a dependency on another cluster is waited for until it ends",
                        deps("setup"),
                        jobs(other("setup", "eiger", HpcJobPhase.RUNNING, 11L)),
                        "Wait WaitingForDependency waiting for setup (on SlurmCluster eiger, until it ends)"),
                row(
                        "a dependency on another cluster that succeeded is met",
                        deps("setup"),
                        jobs(other("setup", "eiger", HpcJobPhase.SUCCEEDED, 11L)),
                        "Ready null"),
                row(
                        "a missing name is waited for, named",
                        deps("setup", "later"),
                        jobs(other("setup", "daint", HpcJobPhase.RUNNING, 11L)),
                        "Wait DependencyMissing waiting for dependencies that do not exist (yet) in this namespace: later"),
                row(
                        "a failure wins over a missing name",
                        deps("later", "setup"),
                        jobs(other("setup", "daint", HpcJobPhase.FAILED, 11L)),
                        "Failed dependency setup ended Failed, so its condition Succeeded can never be met"),
                row(
                        "a cycle of two is refused, named",
                        deps("b"),
                        jobs(other("b", "daint", HpcJobPhase.PENDING, null, "run")),
                        "Cycle spec.dependsOn makes a cycle: run -> b -> run (hint: remove one of these dependencies)"),
                row(
                        "a longer cycle through other jobs is refused, named",
                        deps("a"),
                        jobs(
                                other("a", "daint", HpcJobPhase.PENDING, null, "b"),
                                other("b", "daint", HpcJobPhase.PENDING, null, "c"),
                                other("c", "daint", HpcJobPhase.PENDING, null, "run")),
                        "Cycle spec.dependsOn makes a cycle: run -> a -> b -> c -> run (hint: remove one of these dependencies)"),
                row(
                        "a cycle among the others that does not reach this job is not this job's",
                        deps("a"),
                        jobs(
                                other("a", "daint", HpcJobPhase.PENDING, null, "b"),
                                other("b", "daint", HpcJobPhase.PENDING, null, "a")),
                        "Wait WaitingForDependency waiting for a (not submitted yet)"),
                row(
                        "a diamond is no cycle",
                        deps("b", "c"),
                        jobs(
                                other("b", "daint", HpcJobPhase.RUNNING, 12L, "a"),
                                other("c", "daint", HpcJobPhase.RUNNING, 13L, "a"),
                                other("a", "daint", HpcJobPhase.RUNNING, 11L)),
                        "Ready afterok:12:13"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String row, List<JobDependency> dependsOn, Map<String, DependencyPlan.Other> others, String expected) {
        DependencyPlan.Outcome outcome =
                DependencyPlan.of("run", "daint", dependsOn, name -> Optional.ofNullable(others.get(name)));
        assertThat(describe(outcome)).isEqualTo(expected);
    }

    private static String describe(DependencyPlan.Outcome o) {
        if (o instanceof DependencyPlan.Ready r) {
            return "Ready " + r.slurmDependency();
        }
        if (o instanceof DependencyPlan.Wait w) {
            return "Wait " + w.reason() + " " + w.message();
        }
        if (o instanceof DependencyPlan.Failed f) {
            return "Failed " + f.message();
        }
        return "Cycle " + ((DependencyPlan.Cycle) o).message();
    }

    private static Arguments row(
            String name, List<JobDependency> deps, Map<String, DependencyPlan.Other> jobs, String expected) {
        return Arguments.of(name, deps, jobs, expected);
    }

    /** Names, each optionally with ":Completed". */
    private static List<JobDependency> deps(String... names) {
        return Arrays.stream(names)
                .map(n -> n.endsWith(":Completed")
                        ? new JobDependency(n.substring(0, n.indexOf(':')), DependencyCondition.COMPLETED)
                        : new JobDependency(n, DependencyCondition.SUCCEEDED))
                .toList();
    }

    private static Map<String, DependencyPlan.Other> jobs(DependencyPlan.Other... others) {
        return Arrays.stream(others).collect(Collectors.toMap(DependencyPlan.Other::name, o -> o));
    }

    private static DependencyPlan.Other other(
            String name, String cluster, HpcJobPhase phase, Long slurmId, String... dependsOn) {
        return new DependencyPlan.Other(name, cluster, phase, slurmId, List.of(dependsOn));
    }
}
