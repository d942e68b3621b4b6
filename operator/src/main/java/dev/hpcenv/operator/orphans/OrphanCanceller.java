package dev.hpcenv.operator.orphans;

import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.JobInfo;
import java.util.Optional;

/** Cancels an orphaned job on a connected cluster, as its owner. */
public interface OrphanCanceller {

    /** Why this job must not be cancelled by the operator (its owner is no user the cluster maps), if so. */
    Optional<String> refusal(String cluster, JobInfo job);

    /**
     * Cancels the submission the job belongs to ({@link JobInfo#submittedId()}: for an element of an array,
     * the whole array, pending elements included); throws {@link dev.hpcenv.slurm.SlurmException} when Slurm
     * cannot be asked.
     */
    CancelOutcome cancel(String cluster, JobInfo job);
}
