package dev.hpcenv.slurm;

/** What a cancel request achieved. */
public enum CancelOutcome {
    /** Slurm accepted the kill request. */
    CANCELLED,
    /** The job had already finished; nothing to do. */
    ALREADY_FINISHED,
    /** Slurm does not know the job (never existed, or purged after MinJobAge). */
    NOT_FOUND
}
