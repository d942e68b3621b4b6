package dev.hpcenv.slurm.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.slurm.JobSubmission;

/** The submit fields whose name and shape are the same in every version. */
final class SubmitFields {

    private SubmitFields() {}

    static void common(ObjectNode job, JobSubmission s) {
        put(job, "name", s.name());
        put(job, "comment", s.comment());
        job.put("current_working_directory", s.workdir());
        put(job, "standard_output", s.standardOutput());
        put(job, "standard_error", s.standardError());
        put(job, "partition", s.partition());
        put(job, "account", s.account());
        put(job, "qos", s.qos());
        if (s.nodes() != null) {
            // A string works everywhere ("2"); v0.0.38 reads it like sbatch --nodes.
            job.put("nodes", Integer.toString(s.nodes()));
        }
        if (s.ntasks() != null) {
            job.put("tasks", s.ntasks());
        }
        if (s.tasksPerNode() != null) {
            job.put("tasks_per_node", s.tasksPerNode());
        }
        if (s.cpusPerTask() != null) {
            job.put("cpus_per_task", s.cpusPerTask());
        }
        if (s.memoryMb() != null) {
            job.put("memory_per_node", s.memoryMb());
        }
        if (s.timeLimitMinutes() != null) {
            // Plain integer minutes: v0.0.39 rejects time strings, and a NO_VAL struct needs "set".
            job.put("time_limit", s.timeLimitMinutes());
        }
        // "array" and "dependency" are strings with sbatch's syntax in every version: v0.0.38's option table
        // (sbatch's --array, --dependency) and the data_parser's job_desc_msg (array_inx, dependency).
        put(job, "array", s.array());
        put(job, "dependency", s.dependency());
        if (s.hold()) {
            job.put("hold", true);
        }
    }

    private static void put(ObjectNode job, String field, String value) {
        if (value != null) {
            job.put(field, value);
        }
    }
}
