package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.slurm.JobInfo;

/**
 * How often an HpcJob's Slurm job may be requeued. Slurm has no per-job limit (only the cluster-wide
 * MaxBatchRequeue), so the operator counts: Slurm's restart count beyond {@code spec.requeue} ends the
 * HpcJob.
 */
final class RequeueLimit {

    private RequeueLimit() {}

    /** spec.requeue, 0 when unset; a value outside the schema's range never gets here (the validator holds it). */
    static int of(HpcJobSpec spec) {
        Integer requeue = spec == null ? null : spec.getRequeue();
        return requeue == null ? 0 : Math.max(0, requeue);
    }

    /** True when Slurm has requeued the job more often than the spec allows; false when the count is unknown. */
    static boolean exceeded(HpcJobSpec spec, JobInfo job) {
        return job.restartCount() != null && job.restartCount() > of(spec);
    }

    /** Which run of the job this is (1 for the first), or null when Slurm does not report a restart count. */
    static Integer attempt(JobInfo job) {
        return job.restartCount() == null ? null : job.restartCount() + 1;
    }
}
