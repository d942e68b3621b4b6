package dev.hpcenv.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which listed jobs count as an HpcJob's: the comment names it and the namespace's Slurm user runs it. */
class JobListingTest {

    private static final String UID = "0b6f7c1e-3c1a-4f5e-9a57-6f1d2f0c9a11";

    @ParameterizedTest(name = "comment {0}, job user {1}, namespace user {2} -> owned {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                "hpcenv:inst-1:" + UID + ", alice,   alice,   true",
                UID + ",                    alice,   alice,   true", // bare UID of older operators
                "hpcenv:inst-1:" + UID + ", mallory, alice,   false", // another user names this HpcJob: a spoof
                UID + ",                    mallory, alice,   false",
                "hpcenv:inst-1:" + UID + ", -,       alice,   false", // owner not reported: cannot prove it is ours
                "hpcenv:inst-1:" + UID + ", alice,   -,       false", // namespace not mapped: nothing is ours
                "hpcenv:inst-1:" + UID + ", Alice,   alice,   false", // Slurm user names are case-sensitive
                "hpcenv:inst-1:other-uid,   alice,   alice,   false",
            })
    void onlyTheNamespacesOwnUsersJobsWithTheUidAreOwned(
            String comment, String jobUser, String namespaceUser, boolean owned) {
        JobListing listing = JobListing.of(Instant.EPOCH, List.of(job(7, comment, jobUser)));
        assertThat(listing.ownedWithComment(UID, Optional.ofNullable(namespaceUser)))
                .extracting(JobInfo::jobId)
                .containsExactlyElementsOf(owned ? List.of(7L) : List.of());
    }

    @ParameterizedTest(name = "a spoof beside the real job: {0}")
    @CsvSource({"3, 9", "9, 3"})
    void aSpoofedJobNeverHidesOrReplacesTheRealOne(long spoofId, long realId) {
        JobListing listing = JobListing.of(
                Instant.EPOCH,
                List.of(job(spoofId, "hpcenv:x:" + UID, "mallory"), job(realId, "hpcenv:x:" + UID, "alice")));
        assertThat(listing.ownedWithComment(UID, Optional.of("alice")))
                .extracting(JobInfo::jobId)
                .containsExactly(realId);
        assertThat(listing.withComment(UID)).hasSize(2); // still seen, so that a change wakes the HpcJob up
    }

    @ParameterizedTest(name = "array record states {0} -> ended {1}")
    @CsvSource({
        "COMPLETED RUNNING, false", // the array's own record ended, another element still runs
        "COMPLETED FAILED, true",
        "PENDING, false",
    })
    void anArrayHasEndedOnlyWhenEveryOneOfItsRecordsHas(String states, boolean ended) {
        String[] each = states.split(" ");
        List<JobInfo> records = new java.util.ArrayList<>();
        for (int i = 0; i < each.length; i++) {
            JobState state = JobState.valueOf(each[i]);
            records.add(JobRecord.job(100 + i)
                    .name("n")
                    .state(state)
                    .partition("p")
                    .comment("hpcenv:x:" + UID)
                    .array(100L, state == JobState.PENDING ? null : (long) i, state == JobState.PENDING ? "0-9" : null)
                    .build());
        }
        JobListing listing = JobListing.of(Instant.EPOCH, records);
        assertThat(listing.arrayRecords(100)).hasSize(each.length);
        assertThat(listing.ended(100)).isEqualTo(ended);
        assertThat(listing.ownedWithComment(UID, Optional.of("alice")))
                .extracting(JobInfo::submittedId)
                .containsOnly(100L);
    }

    private static JobInfo job(long id, String comment, String user) {
        return JobRecord.job(id)
                .name("n")
                .state(JobState.RUNNING)
                .reason("None")
                .user(user)
                .comment(comment)
                .submitted(Instant.EPOCH)
                .build();
    }
}
