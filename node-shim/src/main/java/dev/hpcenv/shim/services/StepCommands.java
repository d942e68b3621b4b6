package dev.hpcenv.shim.services;

import java.util.ArrayList;
import java.util.List;

/**
 * The two job steps {@code hpcenv-shim job} starts (docs/workflows.md, section 2), as argv lists:
 * the supervisors' step, one task per node that has a service, overlapping the tasks' step; and
 * the tasks' step exactly as the plain batch script starts it.
 */
final class StepCommands {
    private StepCommands() {}

    /**
     * @param nodes the job's node count; the step runs on all of them when a service is placed on
     *              every node, else on the first only
     */
    static List<String> services(
            List<ServiceSpec> all, int nodes, List<String> shim, String servicesVar, String specVar) {
        boolean everyNode = all.stream().anyMatch(s -> s.placement() == Placement.EVERY_NODE);
        int n = everyNode ? Math.max(1, nodes) : 1;
        List<String> cmd = new ArrayList<>(List.of(
                "srun",
                "--overlap",
                "--nodes=" + n,
                "--ntasks=" + n,
                "--ntasks-per-node=1",
                "--mpi=none",
                // Its end of input is the supervisors' stop (ServiceSupervisor#stopAtEndOfInput).
                "--input=all"));
        if (!everyNode) {
            cmd.add("--relative=0");
        }
        cmd.addAll(shim);
        cmd.addAll(List.of("services", "--services-env", servicesVar, "--spec-env", specVar, "--stop-on-eof"));
        return cmd;
    }

    static List<String> tasks(String mpi, List<String> shim, String specVar, String argvVar) {
        List<String> cmd = new ArrayList<>(List.of("srun", "--mpi=" + (mpi == null || mpi.isBlank() ? "none" : mpi)));
        cmd.addAll(shim);
        cmd.addAll(List.of("run", "--spec-env", specVar, "--argv-env", argvVar));
        return cmd;
    }

    /** The longest grace period of the services: how long stopping them may take. */
    static int longestGrace(List<ServiceSpec> all) {
        return all.stream().mapToInt(ServiceSpec::graceSeconds).max().orElse(0);
    }
}
