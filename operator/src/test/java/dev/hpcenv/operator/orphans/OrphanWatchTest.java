package dev.hpcenv.operator.orphans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.operator.sync.JobMark;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrphanWatchTest {

    static final String OURS = "site-a";
    static final Duration GRACE = Duration.ofSeconds(120);
    static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "null",
            value = {
                // case,                                   comment installation, uid,     state,     HpcJob exists,
                // orphan
                "our mark - HpcJob gone,                   site-a,  gone,    PENDING,   false, true",
                "our mark - running - HpcJob gone,         site-a,  gone,    RUNNING,   false, true",
                "our mark - HpcJob exists,                 site-a,  present, PENDING,   true,  false",
                "our mark - already ended,                 site-a,  gone,    CANCELLED, false, false",
                "another installation's mark,              site-b,  gone,    PENDING,   false, false",
                "bare UID of an older operator,            null,    gone,    PENDING,   false, false",
            })
    void onlyUnfinishedJobsWithOurMarkAndNoHpcJobAreOrphans(
            String name, String installation, String uid, String state, boolean exists, boolean orphan) {
        OrphanWatch watch = new OrphanWatch(OURS, GRACE);
        JobListing listing = listing(job(7, JobMark.of(installation, uid).comment(), JobState.valueOf(state)));
        watch.observe(listing, u -> exists, T0);
        assertThat(watch.observe(listing, u -> exists, T0.plus(GRACE))).as(name).hasSize(orphan ? 1 : 0);
    }

    @Test
    void aJobWithoutCommentIsNoOrphan() {
        OrphanWatch watch = new OrphanWatch(OURS, GRACE);
        watch.observe(listing(job(7, null, JobState.PENDING)), u -> false, T0);
        assertThat(watch.observe(listing(job(7, null, JobState.PENDING)), u -> false, T0.plus(GRACE)))
                .isEmpty();
    }

    @Test
    void anOrphanIsDueOnlyOnceTheGracePeriodHasPassedSinceItWasFirstSeen() {
        OrphanWatch watch = new OrphanWatch(OURS, GRACE);
        JobListing listing = listing(job(7, JobMark.of(OURS, "gone").comment(), JobState.PENDING));
        assertThat(watch.observe(listing, u -> false, T0)).isEmpty();
        assertThat(watch.observe(listing, u -> false, T0.plus(GRACE).minusMillis(1)))
                .isEmpty();
        List<OrphanWatch.Orphan> due = watch.observe(listing, u -> false, T0.plus(GRACE));
        assertThat(due).singleElement().satisfies(o -> {
            assertThat(o.uid()).isEqualTo("gone");
            assertThat(o.since()).isEqualTo(T0);
        });
    }

    @Test
    void theGraceStartsAgainWhenTheHpcJobWasSeenInBetween() {
        OrphanWatch watch = new OrphanWatch(OURS, GRACE);
        JobListing listing = listing(job(7, JobMark.of(OURS, "flaky").comment(), JobState.PENDING));
        watch.observe(listing, u -> false, T0);
        watch.observe(listing, u -> true, T0.plusSeconds(60)); // the cache had been behind
        assertThat(watch.observe(listing, u -> false, T0.plus(GRACE))).isEmpty();
        assertThat(watch.observe(listing, u -> false, T0.plusSeconds(60).plus(GRACE)))
                .isEmpty();
        assertThat(watch.observe(listing, u -> false, T0.plus(GRACE).plus(GRACE)))
                .hasSize(1);
    }

    @Test
    void aJobConfirmedToExistStartsItsGraceAgain() {
        OrphanWatch watch = new OrphanWatch(OURS, GRACE);
        JobListing listing = listing(job(7, JobMark.of(OURS, "late").comment(), JobState.PENDING));
        watch.observe(listing, u -> false, T0);
        assertThat(watch.observe(listing, u -> false, T0.plus(GRACE))).hasSize(1);
        watch.restartGrace(7);
        assertThat(watch.observe(listing, u -> false, T0.plus(GRACE).plusSeconds(1)))
                .isEmpty();
    }

    @Test
    void aJobThatLeftTheListingIsForgotten() {
        OrphanWatch watch = new OrphanWatch(OURS, GRACE);
        watch.observe(listing(job(7, JobMark.of(OURS, "gone").comment(), JobState.PENDING)), u -> false, T0);
        watch.observe(listing(), u -> false, T0.plusSeconds(1));
        JobListing back = listing(job(7, JobMark.of(OURS, "gone").comment(), JobState.PENDING));
        assertThat(watch.observe(back, u -> false, T0.plus(GRACE))).isEmpty();
    }

    @Test
    void dueOrphansComeOldestJobFirst() {
        OrphanWatch watch = new OrphanWatch(OURS, GRACE);
        JobListing listing = listing(
                job(9, JobMark.of(OURS, "a").comment(), JobState.PENDING),
                job(3, JobMark.of(OURS, "b").comment(), JobState.PENDING));
        watch.observe(listing, Set.of()::contains, T0);
        assertThat(watch.observe(listing, Set.of()::contains, T0.plus(GRACE)))
                .extracting(o -> o.job().jobId())
                .containsExactly(3L, 9L);
    }

    static JobListing listing(JobInfo... jobs) {
        return JobListing.of(T0, List.of(jobs));
    }

    static JobInfo job(long id, String comment, JobState state) {
        return job(id, comment, state, "hpcuser");
    }

    static JobInfo job(long id, String comment, JobState state, String user) {
        return JobRecord.job(id)
                .name("team.job-" + id)
                .state(state)
                .user(user)
                .comment(comment)
                .submitted(T0)
                .build();
    }
}
