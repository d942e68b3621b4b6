package dev.hpcenv.operator.sync;

import dev.hpcenv.slurm.JobInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One complete listing of a cluster's jobs, indexed by job id and by the HpcJob UID their comment
 * names ({@link JobMark}: marked by any installation, or a bare UID as older operators wrote).
 *
 * @param startedAt when the request was sent: every job submitted before this instant is in it
 * @param byComment the jobs by the HpcJob UID of their comment, oldest first
 * @param downNodes the nodes Slurm reported down at this listing, with why ({@link DownNodes}); asked for
 *                  only when a job of the listing was hit by a node failure, empty otherwise
 * @param byArray   the records of each job array by the array's id (its elements, and the record of those not
 *                  started yet), in job id order
 */
public record JobListing(
        Instant startedAt,
        Map<Long, JobInfo> byId,
        Map<String, List<JobInfo>> byComment,
        Map<String, String> downNodes,
        Map<Long, List<JobInfo>> byArray) {

    public JobListing {
        byId = Collections.unmodifiableMap(byId);
        byComment = Collections.unmodifiableMap(byComment);
        downNodes = Map.copyOf(downNodes);
        byArray = Collections.unmodifiableMap(byArray);
    }

    /** This listing with the down nodes of the same moment. */
    public JobListing withDownNodes(Map<String, String> nodes) {
        return new JobListing(startedAt, byId, byComment, nodes, byArray);
    }

    private static Map<Long, List<JobInfo>> arrays(java.util.Collection<JobInfo> jobs) {
        Map<Long, List<JobInfo>> byArray = new HashMap<>();
        for (JobInfo job : jobs) {
            if (job.arrayJobId() != null) {
                byArray.computeIfAbsent(job.arrayJobId(), a -> new ArrayList<>())
                        .add(job);
            }
        }
        byArray.values().forEach(list -> list.sort((a, b) -> Long.compare(a.jobId(), b.jobId())));
        return byArray;
    }

    /**
     * The records of the job array submitted as {@code arrayId}: one per element that has started (or
     * ended), and one for the elements not started yet; empty for a job that is no array's.
     */
    public List<JobInfo> arrayRecords(long arrayId) {
        return byArray.getOrDefault(arrayId, List.of());
    }

    public static JobListing of(Instant startedAt, List<JobInfo> jobs) {
        Map<Long, JobInfo> byId = new HashMap<>();
        Map<String, List<JobInfo>> byComment = new HashMap<>();
        for (JobInfo job : jobs) {
            byId.put(job.jobId(), job);
            JobMark.parse(job.comment())
                    .ifPresent(mark -> byComment
                            .computeIfAbsent(mark.uid(), c -> new ArrayList<>())
                            .add(job));
        }
        byComment.values().forEach(list -> list.sort((a, b) -> Long.compare(a.jobId(), b.jobId())));
        return new JobListing(startedAt, byId, byComment, Map.of(), arrays(byId.values()));
    }

    /**
     * True when the listing shows the job (for an array's id: every record of the array) ended. An array's
     * own id names one record only, which may have ended while other elements still run.
     */
    public boolean ended(long jobId) {
        List<JobInfo> array = arrayRecords(jobId);
        if (!array.isEmpty()) {
            return array.stream().allMatch(j -> j.state().isTerminal());
        }
        return job(jobId).map(j -> j.state().isTerminal()).orElse(false);
    }

    /** Every listed job. */
    public java.util.Collection<JobInfo> jobs() {
        return byId.values();
    }

    public Optional<JobInfo> job(long jobId) {
        return Optional.ofNullable(byId.get(jobId));
    }

    /**
     * Jobs whose comment names HpcJob {@code uid} (with any installation's mark, or bare), oldest first,
     * whoever owns them. Only to notice that something changed: any Slurm user can put any comment on
     * their own jobs, so these are not necessarily the HpcJob's. Adopt or cancel only what
     * {@link #ownedWithComment} returns.
     */
    public List<JobInfo> withComment(String uid) {
        return byComment.getOrDefault(uid, List.of());
    }

    /**
     * Jobs whose comment names HpcJob {@code uid} and that run as {@code slurmUser}, the Slurm user the
     * HpcJob's namespace maps to (the one the operator submits as), oldest first. The comment alone
     * proves nothing: a user of another namespace could name this HpcJob's UID in a job of their own
     * and have it adopted, so that its output is reported as this HpcJob's. None for an unmapped
     * namespace (empty user) or a job whose owner Slurm did not report.
     */
    public List<JobInfo> ownedWithComment(String uid, Optional<String> slurmUser) {
        if (slurmUser.isEmpty()) {
            return List.of();
        }
        return withComment(uid).stream()
                .filter(j -> slurmUser.get().equals(j.user()))
                .toList();
    }
}
