package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.ConditionReasons.Job;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.operator.sync.DownNodes;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import java.util.Map;

/**
 * Maps a Slurm job's state to the HpcJob phase and the reason and message of its Ready condition.
 *
 * @param phase       null when Slurm's state is unknown to the bridge (the phase then stays as it was)
 * @param neverStarts for a pending job that waiting will never start (Slurm's reason says so), why;
 *                    null otherwise
 */
public record SlurmOutcome(HpcJobPhase phase, String readyReason, String message, String neverStarts) {

    public SlurmOutcome(HpcJobPhase phase, String readyReason, String message) {
        this(phase, readyReason, message, null);
    }

    /** Slurm could not start the batch script: its exit status is slurmd's error code, not the job's. */
    public boolean launchFailed() {
        return Job.LAUNCH_FAILED.equals(readyReason);
    }

    public static SlurmOutcome of(JobInfo job) {
        return of(job, Map.of());
    }

    /** @param downNodes the cluster's down nodes at this listing (empty when not asked for), to name a failed node */
    public static SlurmOutcome of(JobInfo job, Map<String, String> downNodes) {
        String id = "Slurm job " + job.jobId();
        return switch (job.state()) {
            case PENDING ->
                held(job)
                        ? new SlurmOutcome(
                                HpcJobPhase.SUBMITTED,
                                Job.QUEUED,
                                id + " is held by Slurm (" + job.stateReason() + ")" + attempt(job))
                        : requeued(job) ? requeuedPending(job, id) : pending(job, id);
            case REQUEUED -> requeuedPending(job, id);
            case CONFIGURING, RUNNING, SUSPENDED, COMPLETING ->
                new SlurmOutcome(
                        HpcJobPhase.RUNNING,
                        Job.RUNNING,
                        id + " is " + job.state().name().toLowerCase(java.util.Locale.ROOT) + " on "
                                + String.join(",", job.nodes()) + attempt(job));
            case COMPLETED ->
                job.exit() == null || job.exit().succeeded()
                        ? new SlurmOutcome(HpcJobPhase.SUCCEEDED, Job.SUCCEEDED, id + " completed with exit code 0")
                        : new SlurmOutcome(HpcJobPhase.FAILED, Job.FAILED, id + " ended with " + exit(job.exit()));
            case CANCELLED -> new SlurmOutcome(HpcJobPhase.CANCELLED, Job.CANCELLED, id + " was cancelled");
            case FAILED ->
                SlurmReasons.LAUNCH_FAILURE.equals(job.stateReason())
                        ? new SlurmOutcome(
                                HpcJobPhase.FAILED,
                                Job.LAUNCH_FAILED,
                                id + " could not be launched on "
                                        + (job.nodes().isEmpty() ? "its node" : String.join(",", job.nodes()))
                                        + " (Slurm's JobLaunchFailure: slurmd could not start the batch script; hint: check that "
                                        + (job.standardOutput() == null
                                                        || job.standardOutput().isBlank()
                                                ? "the output file"
                                                : "the output file " + job.standardOutput() + " (spec.output)")
                                        + " can be created by the job's user on the node, and that the node knows that user)")
                        : new SlurmOutcome(
                                HpcJobPhase.FAILED,
                                Job.FAILED,
                                id + " failed with "
                                        + (job.exit() == null ? "an unknown exit status" : exit(job.exit())));
            case NODE_FAIL -> new SlurmOutcome(HpcJobPhase.FAILED, Job.NODE_FAIL, nodeFailed(job, id, downNodes));
            case TIMEOUT, PREEMPTED, BOOT_FAIL, DEADLINE, OUT_OF_MEMORY ->
                new SlurmOutcome(
                        HpcJobPhase.FAILED,
                        Job.FAILED,
                        id + " ended in state " + job.state().name()
                                + (job.exit() == null ? "" : " (" + exit(job.exit()) + ")"));
            case UNKNOWN ->
                new SlurmOutcome(
                        null,
                        Job.PENDING,
                        id + " is in state " + job.rawState() + ", which this operator does not know");
        };
    }

    private static SlurmOutcome pending(JobInfo job, String id) {
        String never = SlurmReasons.neverSatisfied(job.stateReason()).orElse(null);
        if (never != null) {
            return new SlurmOutcome(
                    HpcJobPhase.SUBMITTED,
                    Job.PENDING,
                    id + " is pending" + reason(job) + " and will not start as asked: " + never,
                    job.stateReason() + ": " + never
                            + " (hint: delete the HpcJob and apply it with what the partition allows; Slurm keeps it pending)");
        }
        return new SlurmOutcome(HpcJobPhase.SUBMITTED, Job.PENDING, id + " is pending" + reason(job));
    }

    /**
     * Slurm's NODE_FAIL record keeps the job's nodes but not which of them failed (22.05 clears the
     * state description; the reason is NodeDown): the failed node is the one of them the cluster
     * reported down at the same listing, where it was asked; otherwise the message names them all.
     */
    private static String nodeFailed(JobInfo job, String id, Map<String, String> downNodes) {
        String failed = DownNodes.among(job.nodes(), downNodes);
        String ran = job.nodes().isEmpty() ? "" : String.join(",", job.nodes());
        if (!failed.isEmpty()) {
            return id + " ended in state NODE_FAIL: node " + failed + " failed"
                    + (ran.isEmpty() ? "" : "; it ran on " + ran) + reason(job) + attempt(job)
                    + " (hint: spec.requeue lets Slurm run the job again)";
        }
        return id + " ended in state NODE_FAIL: a node failed" + (ran.isEmpty() ? "" : " among its nodes " + ran)
                + reason(job) + attempt(job)
                + " (hint: sinfo -R on the cluster names the down node; spec.requeue lets Slurm run the job again)";
    }

    private static SlurmOutcome requeuedPending(JobInfo job, String id) {
        return new SlurmOutcome(
                HpcJobPhase.SUBMITTED,
                Job.REQUEUED,
                id + " was requeued and waits to run again" + reason(job) + attempt(job));
    }

    private static boolean requeued(JobInfo job) {
        return job.restartCount() != null && job.restartCount() > 0;
    }

    /** ", attempt N" once the job has been requeued; nothing for the first run. */
    private static String attempt(JobInfo job) {
        return requeued(job) ? ", attempt " + (job.restartCount() + 1) : "";
    }

    private static boolean held(JobInfo job) {
        String r = job.stateReason();
        return r != null && (r.contains("Held") || r.contains("Hold"));
    }

    private static String reason(JobInfo job) {
        return job.stateReason() == null || job.stateReason().isBlank() || "None".equals(job.stateReason())
                ? ""
                : " (" + job.stateReason() + ")";
    }

    private static String exit(ExitStatus exit) {
        return exit.signal() != null ? "signal " + exit.signal() : "exit code " + exit.exitCode();
    }
}
