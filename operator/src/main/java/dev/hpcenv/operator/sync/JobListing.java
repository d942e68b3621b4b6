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
 * One complete listing of a cluster's jobs, indexed by job id and by comment (the HpcJob UID).
 *
 * @param startedAt when the request was sent: every job submitted before this instant is in it
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
            if (job.comment() != null && !job.comment().isEmpty()) {
                byComment.computeIfAbsent(job.comment(), c -> new ArrayList<>()).add(job);
            }
        }
        byComment.values().forEach(list -> list.sort((a, b) -> Long.compare(a.jobId(), b.jobId())));
        return new JobListing(startedAt, byId, byComment);
    }

    public Optional<JobInfo> job(long jobId) {
        return Optional.ofNullable(byId.get(jobId));
    }

    /** Jobs whose comment is {@code uid}, oldest first. */
    public List<JobInfo> withComment(String uid) {
        return byComment.getOrDefault(uid, List.of());
    }
}
