package dev.hpcenv.operator.logs;

/**
 * One shim posting records: a task of a job on a node, in one run of the job (a requeue is a new
 * attempt). Node names are Slurm node names; tasks are SLURM_PROCID.
 */
public record Sender(String node, int task, int attempt) {}
