package dev.hpcenv.shim.services;

import java.util.Map;

/**
 * Where a supervisor or task stands in the job, from Slurm's variables: the job id as output
 * patterns and job directories name it ({@code ARRAYJOB_INDEX} for array elements), this node's
 * name and its index in the allocation.
 */
public record NodeSlot(String jobId, String node, int nodeIndex) {
    /** @param host the node's name as the shim knows it (SLURMD_NODENAME, else the host name) */
    public static NodeSlot of(Map<String, String> env, String host) {
        String arrayJob = env.get("SLURM_ARRAY_JOB_ID");
        String arrayTask = env.get("SLURM_ARRAY_TASK_ID");
        String job = arrayJob != null && !arrayJob.isBlank() && arrayTask != null && !arrayTask.isBlank()
                ? arrayJob.strip() + "_" + arrayTask.strip()
                : env.getOrDefault("SLURM_JOB_ID", "0").strip();
        int index = 0;
        try {
            index = Integer.parseInt(env.getOrDefault("SLURM_NODEID", "0").strip());
        } catch (NumberFormatException e) {
            // outside Slurm: the only node
        }
        return new NodeSlot(job.isEmpty() ? "0" : job, host, index);
    }

    /** The services of {@code all} placed on this node. */
    public java.util.List<ServiceSpec> placedHere(java.util.List<ServiceSpec> all) {
        return all.stream().filter(s -> s.placement().covers(nodeIndex)).toList();
    }
}
