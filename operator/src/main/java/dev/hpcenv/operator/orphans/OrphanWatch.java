package dev.hpcenv.operator.orphans;

import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.operator.sync.JobMark;
import dev.hpcenv.slurm.JobInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which listed jobs of one cluster are this installation's orphans, and since when: unfinished jobs
 * whose comment carries this installation's mark and names an HpcJob that does not exist. Only
 * the time a job was first seen orphaned is kept, in memory: a restarted operator starts every grace
 * period afresh, which only delays a cancel. Not thread-safe; one listing at a time per cluster.
 */
final class OrphanWatch {

    /** A job orphaned for at least the grace period. */
    record Orphan(JobInfo job, String uid, Instant since) {}

    private final String installation;
    private final Duration grace;
    private final Map<Long, Instant> orphanedSince = new HashMap<>();

    OrphanWatch(String installation, Duration grace) {
        this.installation = installation;
        this.grace = grace;
    }

    /**
     * Takes in a listing: starts the clock of new orphans, forgets jobs that are no longer orphans
     * (ended, gone, or their HpcJob seen again), and returns those orphaned for the grace period, oldest
     * job first.
     *
     * @param hpcJobExists whether an HpcJob with this UID exists (the informer cache's view)
     */
    List<Orphan> observe(JobListing listing, Predicate<String> hpcJobExists, Instant now) {
        Map<Long, Instant> still = new HashMap<>();
        List<Orphan> due = new ArrayList<>();
        for (JobInfo job : listing.jobs()) {
            Optional<String> uid = orphanUid(job, hpcJobExists);
            if (uid.isEmpty()) {
                continue;
            }
            Instant since = orphanedSince.getOrDefault(job.jobId(), now);
            still.put(job.jobId(), since);
            if (!now.isBefore(since.plus(grace))) {
                due.add(new Orphan(job, uid.get(), since));
            }
        }
        orphanedSince.clear();
        orphanedSince.putAll(still);
        due.sort(Comparator.comparingLong(o -> o.job().jobId()));
        return due;
    }

    /**
     * Starts the job's grace period again at the next listing: its HpcJob exists after all (the cache was
     * behind), or it may not be cancelled now (then it is looked at again, and reported, once per period).
     */
    void restartGrace(long jobId) {
        orphanedSince.remove(jobId);
    }

    private Optional<String> orphanUid(JobInfo job, Predicate<String> hpcJobExists) {
        if (job.state().isTerminal()) {
            return Optional.empty();
        }
        return JobMark.parse(job.comment())
                .filter(mark -> mark.markedBy(installation))
                .map(JobMark::uid)
                .filter(uid -> !hpcJobExists.test(uid));
    }
}
