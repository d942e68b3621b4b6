package dev.hpcenv.operator.logs;

/**
 * One shim posting records: a task of a job on a node, in one run of the job (a requeue is a new
 * attempt), or a node's service supervisor ({@code task=service}, {@link #SERVICES}). Node names are
 * Slurm node names; tasks are SLURM_PROCID.
 */
public record Sender(String node, int task, int attempt) {
    /** The task number of a node's service supervisor: no task has it, so it is never a task's output. */
    public static final int SERVICES = -1;

    /** A node's service supervisor, which sends progress and end records only (docs/workflows.md, section 3). */
    public static Sender services(String node, int attempt) {
        return new Sender(node, SERVICES, attempt);
    }

    public boolean isServices() {
        return task == SERVICES;
    }
}
