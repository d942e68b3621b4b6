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
 */
public record JobListing(Instant startedAt, Map<Long, JobInfo> byId, Map<String, List<JobInfo>> byComment) {

    public JobListing {
        byId = Collections.unmodifiableMap(byId);
        byComment = Collections.unmodifiableMap(byComment);
    }

    public static JobListing of(Instant startedAt, List<JobInfo> jobs) {
        Map<Long, JobInfo> byId = new HashMap<>();
        Map<String, List<JobInfo>> byComment = new HashMap<>();
        for (JobInfo job : jobs) {
            byId.put(job.jobId(), job);
            JobMark.parse(job.comment())
                    .ifPresent(mark -> byComment.computeIfAbsent(mark.uid(), c -> new ArrayList<>()).add(job));
        }
        byComment.values().forEach(list -> list.sort((a, b) -> Long.compare(a.jobId(), b.jobId())));
        return new JobListing(startedAt, byId, byComment);
    }

    /** Every listed job. */
    public java.util.Collection<JobInfo> jobs() {
        return byId.values();
    }

    public Optional<JobInfo> job(long jobId) {
        return Optional.ofNullable(byId.get(jobId));
    }

    /** Jobs whose comment names HpcJob {@code uid} (with any installation's mark, or bare), oldest first. */
    public List<JobInfo> withComment(String uid) {
        return byComment.getOrDefault(uid, List.of());
    }
}
