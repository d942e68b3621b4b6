package dev.hpcenv.operator.progress;

import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.job.NodeProgress;
import dev.hpcenv.operator.logs.LogEvents;
import dev.hpcenv.operator.logs.ProgressEvent;
import dev.hpcenv.operator.logs.Sender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The shims' reports, per job UID, between the ingest server and the HpcJob reconcile: a report
 * wakes the job (at most every {@link #WAKE_SPACING}, so a pull reporting four times a second costs
 * two status writes a second at most), and the reconcile puts {@link ProgressSummary} and the output's
 * tail into the status it writes. Output refreshes the tail every {@link #TAIL_REFRESH} while the job
 * runs and once more after its end. Kept in memory only: after a restart the status keeps what was
 * written, and new reports start from there.
 */
public final class JobProgressBoard implements LogEvents, NodeProgress, AutoCloseable {
    static final Duration WAKE_SPACING = Duration.ofMillis(500);
    static final Duration TAIL_REFRESH = Duration.ofSeconds(15);
    /** How long the reports of an ended job stay after its last report. */
    static final Duration KEEP_ENDED = Duration.ofMinutes(10);

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final OutputTails tails;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile Consumer<String> wake = uid -> {};

    private static final class Job {
        NodeReports reports = NodeReports.EMPTY;
        Instant lastWake = Instant.EPOCH;
        boolean wakePending;
        Instant tailTaken;
        long tailOfBytes;
        boolean ended;
    }

    public JobProgressBoard(OutputTails tails, Clock clock) {
        this.tails = tails;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hpcenv-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 5, 5, TimeUnit.SECONDS);
    }

    /** What wakes a job by UID (the HpcJob controller's event source, once it runs). */
    public void wakeWith(Consumer<String> wake) {
        this.wake = wake;
    }

    @Override
    public void progress(String jobUid, Sender sender, ProgressEvent event) {
        update(jobUid, r -> ProgressFold.progress(r, sender, event));
    }

    @Override
    public void ended(String jobUid, Sender sender, int exitCode) {
        update(jobUid, r -> ProgressFold.ended(r, sender, exitCode, clock.instant()));
    }

    private void update(String uid, java.util.function.UnaryOperator<NodeReports> change) {
        Job job = jobs.computeIfAbsent(uid, k -> new Job());
        synchronized (job) {
            NodeReports after = change.apply(job.reports);
            if (after == job.reports) {
                return;
            }
            job.reports = after;
        }
        requestWake(uid, job);
    }

    private void requestWake(String uid, Job job) {
        long delay;
        synchronized (job) {
            if (job.wakePending) {
                return;
            }
            job.wakePending = true;
            Instant next = job.lastWake.plus(WAKE_SPACING);
            delay = Math.max(0, Duration.between(clock.instant(), next).toMillis());
        }
        try {
            timer.schedule(() -> fire(uid, job), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // Closing: the operator stops, nothing is written any more.
        }
    }

    private void fire(String uid, Job job) {
        synchronized (job) {
            job.wakePending = false;
            job.lastWake = clock.instant();
        }
        wake.accept(uid);
    }

    @Override
    public void apply(String uid, HpcJobStatus status) {
        Job job = jobs.get(uid);
        boolean terminal = status.getPhase() != null && status.getPhase().isTerminal();
        if (job == null) {
            if (status.getOutputTail() != null || !terminal) {
                return;
            }
            // After a restart: an ended job's tail is taken once, if the store has output of it.
            job = jobs.computeIfAbsent(uid, k -> new Job());
        }
        synchronized (job) {
            job.ended = terminal;
            if (job.reports != NodeReports.EMPTY) {
                status.setProgress(ProgressSummary.of(job.reports));
            }
            if (!job.reports.services().isEmpty()) {
                status.setServices(ServiceStates.of(job.reports));
            }
            long written = tails.outputBytes(uid);
            Instant now = clock.instant();
            boolean newOutput = written > job.tailOfBytes;
            boolean due = terminal || job.tailTaken == null || !now.isBefore(job.tailTaken.plus(TAIL_REFRESH));
            if (newOutput && due) {
                tails.tail(uid).ifPresent(status::setOutputTail);
                job.tailTaken = now;
                job.tailOfBytes = written;
            }
        }
    }

    /** Wakes running jobs whose output moved since their tail was taken; forgets long-ended ones. */
    void tick() {
        Instant now = clock.instant();
        jobs.forEach((uid, job) -> {
            boolean wakeIt;
            synchronized (job) {
                if (job.ended && now.isAfter(job.reports.lastReport().plus(KEEP_ENDED))) {
                    jobs.remove(uid, job);
                    return;
                }
                wakeIt = tails.outputBytes(uid) > job.tailOfBytes
                        && (job.tailTaken == null || !now.isBefore(job.tailTaken.plus(TAIL_REFRESH)));
            }
            if (wakeIt) {
                requestWake(uid, job);
            }
        });
    }

    @Override
    public void forget(String uid) {
        jobs.remove(uid);
    }

    /** The folded reports of a job, for tests and the metrics. */
    Optional<NodeReports> reports(String uid) {
        return Optional.ofNullable(jobs.get(uid)).map(j -> j.reports);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
