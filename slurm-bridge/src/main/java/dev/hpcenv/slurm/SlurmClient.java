package dev.hpcenv.slurm;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Slurm as the operator sees it, whatever slurmrestd version is behind it. Every method throws
 * {@link SlurmException} on failure. Implementations are thread-safe; close them to release
 * connections.
 */
public interface SlurmClient extends AutoCloseable {

    /**
     * Submits a batch job and returns its id. Never retried internally: when it throws with
     * {@link SlurmException#outcomeUnknown()}, call {@link #findByComment(String)} first.
     */
    long submit(JobSubmission submission);

    /** The job, or empty when slurmctld does not know it: never submitted, or purged after MinJobAge. */
    Optional<JobInfo> getJob(long jobId);

    /**
     * Every job slurmctld still holds (finished ones until MinJobAge). With {@code since}, Slurm's
     * filter is all or nothing: an empty list when no job changed since then, otherwise every job.
     * Either way it is one request, however many jobs there are.
     */
    List<JobInfo> listJobs(Optional<Instant> since);

    /**
     * Cancels (SIGKILL, the whole job) a pending or running job; given an array's id (the one its submission
     * returned), every element of the array, pending ones included.
     */
    CancelOutcome cancel(long jobId);

    PingResult ping();

    List<Partition> partitions();

    List<Node> nodes();

    SlurmVersion version();

    /** The API version this client speaks. */
    ApiVersion apiVersion();

    /**
     * The jobs slurmctld still holds whose comment is exactly {@code comment}, oldest first. This is
     * how a caller makes submission exactly-once: after a restart or an ambiguous failure, look
     * before submitting again. Every element of an array carries its submission's comment: such a
     * match is one submission, known by {@link JobInfo#submittedId()}.
     */
    default List<JobInfo> findByComment(String comment) {
        return listJobs(Optional.empty()).stream()
                .filter(job -> comment.equals(job.comment()))
                .sorted(java.util.Comparator.comparingLong(JobInfo::jobId))
                .toList();
    }

    @Override
    void close();
}
