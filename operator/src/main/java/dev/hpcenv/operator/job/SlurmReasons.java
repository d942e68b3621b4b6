package dev.hpcenv.operator.job;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What Slurm's reason for a job's state (its {@code state_reason}, Slurm's {@code job_state_reason})
 * means for the user: the pending reasons that waiting never resolves (only a changed job or a
 * changed limit does), and a launch failure.
 */
final class SlurmReasons {

    /** Slurm's FAIL_LAUNCH: slurmd could not start the batch script on the node. */
    static final String LAUNCH_FAILURE = "JobLaunchFailure";

    // Each with the field of the spec it points at, where one does.
    private static final Map<String, String> NEVER_SATISFIED = Map.ofEntries(
            Map.entry(
                    "PartitionNodeLimit",
                    "the number of nodes asked for is outside the partition's limits " + "(spec.resources.nodes)"),
            Map.entry(
                    "PartitionTimeLimit",
                    "the time limit is longer than the partition allows " + "(spec.resources.timeLimit)"),
            Map.entry(
                    "PartitionConfig",
                    "the job asks for more than the partition has: nodes, CPUs, memory or GPUs " + "(spec.resources)"),
            Map.entry("BadConstraints", "the job's constraints can never be met (spec.resources)"),
            Map.entry(
                    "DependencyNeverSatisfied",
                    "a job it depends on ended in a way that never satisfies the " + "dependency"),
            Map.entry("InvalidAccount", "the account is not valid (spec.resources.account or the user mapping's)"),
            Map.entry("InvalidQOS", "the QOS is not valid (spec.resources.qos)"),
            Map.entry("AccountNotAllowed", "the partition does not allow the account"),
            Map.entry("QOSNotAllowed", "the partition or account does not allow the QOS (spec.resources.qos)"),
            Map.entry(
                    "MaxMemPerLimit",
                    "the memory asked for is more than the partition allows " + "(spec.resources.memory)"));
    // Limits of an account or QOS on one job (not the Grp* limits of all jobs together, which free up).
    private static final Pattern PER_JOB_LIMIT = Pattern.compile("(Assoc|QOS)Max\\w*PerJob\\w*|QOSMin\\w+");

    private SlurmReasons() {}

    /** Why a pending job with this reason can never start, or empty when waiting may help. */
    static Optional<String> neverSatisfied(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        String known = NEVER_SATISFIED.get(reason);
        if (known != null) {
            return Optional.of(known);
        }
        if (PER_JOB_LIMIT.matcher(reason).matches()) {
            return Optional.of(
                    "the job asks for more than a per-job limit of its account or QOS allows " + "(spec.resources)");
        }
        return Optional.empty();
    }

    /** The reason as status shows it: empty for Slurm's "None". */
    static String shown(String reason) {
        return reason == null || reason.isBlank() || "None".equals(reason) ? null : reason;
    }
}
