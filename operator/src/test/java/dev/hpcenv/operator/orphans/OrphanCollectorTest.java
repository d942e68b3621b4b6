package dev.hpcenv.operator.orphans;

import static dev.hpcenv.operator.orphans.OrphanWatchTest.GRACE;
import static dev.hpcenv.operator.orphans.OrphanWatchTest.OURS;
import static dev.hpcenv.operator.orphans.OrphanWatchTest.T0;
import static dev.hpcenv.operator.orphans.OrphanWatchTest.job;
import static dev.hpcenv.operator.orphans.OrphanWatchTest.listing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.operator.sync.JobMark;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OrphanCollectorTest {

    private final MutableClock clock = new MutableClock(T0);
    private Optional<Set<String>> cache = Optional.of(new HashSet<>());
    private final Set<String> api = new HashSet<>();
    private final AtomicReference<RuntimeException> apiFailure = new AtomicReference<>();
    private final List<Long> cancelled = new ArrayList<>();
    private final AtomicReference<RuntimeException> cancelFailure = new AtomicReference<>();
    private final List<String> events = new ArrayList<>();
    private final List<String> counted = new ArrayList<>();
    private final OrphanCollector collector = new OrphanCollector(
            OURS,
            GRACE,
            () -> cache,
            () -> {
                if (apiFailure.get() != null) {
                    throw apiFailure.get();
                }
                return Set.copyOf(api);
            },
            new OrphanCanceller() {
                @Override
                public Optional<String> refusal(String cluster, JobInfo job) {
                    return Optional.empty();
                }

                @Override
                public CancelOutcome cancel(String cluster, JobInfo job) {
                    if (cancelFailure.get() != null) {
                        throw cancelFailure.get();
                    }
                    cancelled.add(job.submittedId());
                    return CancelOutcome.CANCELLED;
                }
            },
            (about, type, reason, message) -> events.add(
                    about.getKind() + "/" + about.getMetadata().getName() + " " + type + " " + reason + ": " + message),
            counted::add,
            clock);

    private final JobListing orphanAndOthers = listing(
            job(11, JobMark.of(OURS, "deleted-uid").comment(), JobState.PENDING),
            job(12, JobMark.of("site-b", "deleted-uid-b").comment(), JobState.PENDING),
            job(13, "deleted-bare-uid", JobState.PENDING),
            job(14, JobMark.of(OURS, "live-uid").comment(), JobState.RUNNING));

    OrphanCollectorTest() {
        cache.get().add("live-uid");
        api.add("live-uid");
    }

    @Test
    void cancelsOurOrphanAfterTheGracePeriodAndTellsTheSlurmCluster() {
        listAt(T0);
        assertThat(cancelled).isEmpty();
        listAt(T0.plus(GRACE));
        assertThat(cancelled).containsExactly(11L);
        assertThat(counted).containsExactly("local");
        assertThat(events)
                .singleElement()
                .asString()
                .startsWith("SlurmCluster/local Warning OrphanCancelled: "
                        + "cancelled Slurm job 11 (team.job-11, user hpcuser): HpcJob deleted-uid no longer exists");
    }

    @Test
    void anHpcJobTheCacheMissesButTheApiHasIsNeverCancelled() {
        api.add("deleted-uid"); // the cache is behind the API server
        listAt(T0);
        listAt(T0.plus(GRACE));
        listAt(T0.plus(GRACE).plus(GRACE));
        assertThat(cancelled).isEmpty();
    }

    @Test
    void nothingIsAnOrphanBeforeTheCacheIsReady() {
        cache = Optional.empty();
        listAt(T0);
        listAt(T0.plus(GRACE));
        assertThat(cancelled).isEmpty();
    }

    @Test
    void anApiThatCannotBeReadDelaysTheCancelToALaterListing() {
        apiFailure.set(new IllegalStateException("connection refused"));
        listAt(T0);
        listAt(T0.plus(GRACE));
        assertThat(cancelled).isEmpty();
        apiFailure.set(null);
        listAt(T0.plus(GRACE).plusSeconds(1));
        assertThat(cancelled).containsExactly(11L);
    }

    @Test
    void aFailedCancelIsTriedAgainAtTheNextListing() {
        cancelFailure.set(new SlurmException(SlurmException.Kind.UNREACHABLE, "slurmrestd unavailable"));
        listAt(T0);
        listAt(T0.plus(GRACE));
        assertThat(cancelled).isEmpty();
        cancelFailure.set(null);
        listAt(T0.plus(GRACE).plusSeconds(1));
        assertThat(cancelled).containsExactly(11L);
    }

    @Test
    void aJobOfAUserTheClusterDoesNotMapIsLeftAloneWithoutAskingTheApiAtEveryListing() {
        AtomicInteger apiLists = new AtomicInteger();
        OrphanCollector counting = new OrphanCollector(
                OURS,
                GRACE,
                () -> cache,
                () -> {
                    apiLists.incrementAndGet();
                    return Set.of();
                },
                new OrphanCanceller() {
                    @Override
                    public Optional<String> refusal(String cluster, JobInfo job) {
                        return Optional.of("its owner '" + job.user() + "' is no user that SlurmCluster local maps");
                    }

                    @Override
                    public CancelOutcome cancel(String cluster, JobInfo job) {
                        cancelled.add(job.jobId());
                        return CancelOutcome.CANCELLED;
                    }
                },
                EventRecorder.NONE,
                counted::add,
                clock);
        JobListing listing = listing(job(21, JobMark.of(OURS, "gone").comment(), JobState.PENDING, "root"));
        for (int second = 0; second <= 3 * GRACE.toSeconds(); second += 10) {
            clock.set(T0.plusSeconds(second));
            counting.listed("local", null, listing, false);
        }
        assertThat(cancelled).isEmpty();
        assertThat(counted).isEmpty();
        assertThat(apiLists).hasValue(0);
    }

    @Test
    void anOrphanedArrayIsCancelledOnceByItsIdHoweverManyRecordsListIt() {
        // Given: two started elements of array 20 and the record of its elements not started yet
        String mark = JobMark.of(OURS, "deleted-array-uid").comment();
        JobListing array = listing(
                JobRecord.from(job(21, mark, JobState.RUNNING)).element(20, 0).build(),
                JobRecord.from(job(22, mark, JobState.RUNNING)).element(20, 1).build(),
                JobRecord.from(job(20, mark, JobState.PENDING))
                        .pendingElements(20, "2-9")
                        .build());
        collector.listed("local", null, array, false);
        // When: the grace period passes
        clock.set(T0.plus(GRACE).plusSeconds(1));
        collector.listed("local", null, array, false);
        // Then
        assertThat(cancelled).containsExactly(20L);
        assertThat(events).singleElement().asString().contains("cancelled Slurm job 20 ");
    }

    private void listAt(Instant when) {
        clock.set(when);
        collector.listed("local", null, orphanAndOthers, false);
    }
}
