package dev.hpcenv.operator.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobMarkTest {

    private static final String UID = "0b6f7c1e-3c1a-4f5e-9a57-6f1d2f0c9a11";

    @Test
    void aMarkedCommentCarriesTheInstallationBesideTheUid() {
        String comment = JobMark.of("4d1e0f52-1111-2222-3333-444455556666", UID).comment();
        assertThat(comment).isEqualTo("hpcenv:4d1e0f52-1111-2222-3333-444455556666:" + UID);
        assertThat(JobMark.parse(comment)).contains(new JobMark("4d1e0f52-1111-2222-3333-444455556666", UID));
    }

    @Test
    void withoutAnInstallationTheCommentIsTheBareUidAsBefore() {
        assertThat(JobMark.of(null, UID).comment()).isEqualTo(UID);
    }

    @ParameterizedTest(name = "{0} -> installation {1}, uid {2}")
    @CsvSource(
            nullValues = "null",
            value = {
                // comment,                       installation, uid
                "hpcenv:site-a:" + UID + ",       site-a,       " + UID,
                UID + ",                          null,         " + UID, // written before installation ids
                "free text of a user,             null,         free text of a user",
                "hpcenv:site-a:uid:with:colons,   site-a,       uid:with:colons",
            })
    void readsEveryCommentFormTheListingMeets(String comment, String installation, String uid) {
        assertThat(JobMark.parse(comment)).contains(new JobMark(installation, uid));
    }

    @ParameterizedTest(name = "''{0}'' names no HpcJob")
    @CsvSource(
            nullValues = "null",
            value = {
                "null",
                "''",
                "hpcenv:",
                "hpcenv:site-a",
                "hpcenv:site-a:",
                "hpcenv::" + UID,
                "hpcenv:-bad:" + UID,
                "hpcenv:sp ace:" + UID
            })
    void aCommentThatLooksLikeAMarkButIsNoneNamesNoHpcJob(String comment) {
        assertThat(JobMark.parse(comment)).isEmpty();
    }

    @Test
    void onlyItsOwnInstallationMarkedAJob() {
        JobMark mark = JobMark.of("site-a", UID);
        assertThat(mark.markedBy("site-a")).isTrue();
        assertThat(mark.markedBy("site-b")).isFalse();
        assertThat(JobMark.of(null, UID).markedBy("site-a"))
                .as("a bare UID belongs to no installation")
                .isFalse();
    }

    @Test
    void aBadInstallationIdIsRefusedWithTheRuleAndTheSource() {
        assertThatThrownBy(() -> JobMark.requireValidInstallation("a:b", "HPCENV_INSTALLATION_ID"))
                .hasMessageContaining("HPCENV_INSTALLATION_ID: 'a:b' is not an installation id")
                .hasMessageContaining("1 to 63 letters");
        assertThatThrownBy(() -> JobMark.requireValidInstallation("x".repeat(64), "HPCENV_INSTALLATION_ID"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theListingFindsAnHpcJobsJobsWhateverInstallationMarkedThem() {
        JobListing listing = JobListing.of(
                Instant.EPOCH,
                List.of(
                        job(1, JobMark.of("site-a", UID).comment()),
                        job(2, UID),
                        job(3, JobMark.of("site-b", UID).comment()),
                        job(4, "hpcenv:broken"),
                        job(5, null)));
        assertThat(listing.withComment(UID)).extracting(JobInfo::jobId).containsExactly(1L, 2L, 3L);
        assertThat(listing.jobs()).hasSize(5);
    }

    static JobInfo job(long id, String comment) {
        return JobRecord.job(id)
                .name("ns.job-" + id)
                .reason("JobHeldUser")
                .user("hpcuser")
                .comment(comment)
                .submitted(Instant.EPOCH)
                .build();
    }
}
