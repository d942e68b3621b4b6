package dev.hpcenv.shim.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepCommandsTest {
    private static ServiceSpec service(Placement p, int grace) {
        return new ServiceSpec("s" + grace, List.of("x"), null, Map.of(), p, null, false, grace, "%x");
    }

    @Test
    void everyNodeServicesRunOneSupervisorOnEachNodeBesideTheTasks() {
        assertThat(StepCommands.services(
                        List.of(service(Placement.FIRST_NODE, 3), service(Placement.EVERY_NODE, 5)),
                        3,
                        List.of("/opt/hpcenv/bin/hpcenv-shim"),
                        "HPCENV_SERVICES",
                        "HPCENV_SPEC"))
                .containsExactly(
                        "srun",
                        "--overlap",
                        "--nodes=3",
                        "--ntasks=3",
                        "--ntasks-per-node=1",
                        "--mpi=none",
                        "--input=all",
                        "/opt/hpcenv/bin/hpcenv-shim",
                        "services",
                        "--services-env",
                        "HPCENV_SERVICES",
                        "--spec-env",
                        "HPCENV_SPEC",
                        "--stop-on-eof");
    }

    @Test
    void firstNodeServicesOnlyRunOnTheAllocationsFirstNode() {
        assertThat(StepCommands.services(List.of(service(Placement.FIRST_NODE, 3)), 4, List.of("shim"), "S", "P"))
                .containsSubsequence("--nodes=1", "--ntasks=1", "--relative=0", "shim", "services");
    }

    @Test
    void theTasksStepIsThePlainScripts() {
        assertThat(StepCommands.tasks("pmix", List.of("shim"), "HPCENV_SPEC", "HPCENV_ARGV"))
                .containsExactly(
                        "srun", "--mpi=pmix", "shim", "run", "--spec-env", "HPCENV_SPEC", "--argv-env", "HPCENV_ARGV");
        assertThat(StepCommands.tasks(null, List.of("shim"), "S", "A")).contains("--mpi=none");
        assertThat(StepCommands.longestGrace(
                        List.of(service(Placement.FIRST_NODE, 3), service(Placement.EVERY_NODE, 25))))
                .isEqualTo(25);
    }
}
