package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.ArrayStatus;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.JobRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ArraySummary} as a table: the records of one listing for array 100, the counts and the phase
 * the single-job rules give the whole array.
 */
class ArraySummaryTest {

    private static final long ARRAY = 100;

    static Stream<Arguments> table() {
        return Stream.of(
                row(
                        "just submitted: one record stands for every element",
                        "0-49%5",
                        records(pendingRecord("0-49%5")),
                        "total=50 pending=50 running=0 succeeded=0 failed=0 cancelled=0 failed=[] phase=Submitted"),
                row(
                        "five run under %5, the rest wait in one record",
                        "0-49%5",
                        records(
                                pendingRecord("5-49%5"),
                                el(0, JobState.RUNNING, null),
                                el(1, JobState.RUNNING, null),
                                el(2, JobState.RUNNING, null),
                                el(3, JobState.RUNNING, null),
                                el(4, JobState.RUNNING, null)),
                        "total=50 pending=45 running=5 succeeded=0 failed=0 cancelled=0 failed=[] phase=Running"),
                row(
                        "not yet in the listing counts as pending",
                        "0-9",
                        records(el(0, JobState.COMPLETED, 0)),
                        "total=10 pending=9 running=0 succeeded=1 failed=0 cancelled=0 failed=[] phase=Submitted"),
                row(
                        "all succeeded: Succeeded",
                        "0-2",
                        records(
                                el(0, JobState.COMPLETED, 0),
                                el(1, JobState.COMPLETED, 0),
                                el(2, JobState.COMPLETED, 0)),
                        "total=3 pending=0 running=0 succeeded=3 failed=0 cancelled=0 failed=[] phase=Succeeded"),
                row(
                        "one failed while others run: Running still, the failure listed",
                        "0-2",
                        records(el(0, JobState.FAILED, 3), el(1, JobState.RUNNING, null), el(2, JobState.COMPLETED, 0)),
                        "total=3 pending=0 running=1 succeeded=1 failed=1 cancelled=0 failed=[0:3] phase=Running"),
                row(
                        "all ended, two failed: Failed, in index order, with exit codes (a signal has none)",
                        "0-3",
                        records(
                                el(3, JobState.FAILED, 7),
                                el(0, JobState.COMPLETED, 0),
                                el(1, JobState.TIMEOUT, null),
                                el(2, JobState.COMPLETED, 0)),
                        "total=4 pending=0 running=0 succeeded=2 failed=2 cancelled=0 failed=[1:null, 3:7] phase=Failed"),
                row(
                        "cancelled before any started: the one record counts for all",
                        "0-9",
                        records(cancelledRecord("0-9")),
                        "total=10 pending=0 running=0 succeeded=0 failed=0 cancelled=10 failed=[] phase=Cancelled"),
                row(
                        "some succeeded, the rest cancelled, none failed: Cancelled",
                        "0-1",
                        records(el(0, JobState.COMPLETED, 0), el(1, JobState.CANCELLED, null)),
                        "total=2 pending=0 running=0 succeeded=1 failed=0 cancelled=1 failed=[] phase=Cancelled"),
                row(
                        "COMPLETED with a non-zero exit code is a failure",
                        "5",
                        records(el(5, JobState.COMPLETED, 2)),
                        "total=1 pending=0 running=0 succeeded=0 failed=1 cancelled=0 failed=[5:2] phase=Failed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void countsTheElementsAndDecidesThePhase(String row, String expression, List<JobInfo> records, String expected) {
        ArraySummary summary = ArraySummary.of(ARRAY, expression, records);
        assertThat(describe(summary)).isEqualTo(expected);
        assertThat(summary.whole().jobId()).isEqualTo(ARRAY);
    }

    @Test
    void failedIndexesStopAt64ButEveryFailureIsCounted() {
        List<JobInfo> records = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            records.add(el(199 - i, JobState.FAILED, 1));
        }
        ArraySummary summary = ArraySummary.of(ARRAY, "0-199", records);
        assertThat(summary.status().getFailed()).isEqualTo(200);
        assertThat(summary.status().getFailedIndexes()).hasSize(ArrayStatus.MAX_FAILED_INDEXES);
        assertThat(summary.status().getFailedIndexes().get(0).getIndex()).isZero();
        assertThat(summary.status().getFailedIndexes().get(63).getIndex()).isEqualTo(63);
        assertThat(summary.describe())
                .contains("200 failed")
                .contains("failed indexes 0:exit 1, ")
                .endsWith(", ...)");
    }

    private static String describe(ArraySummary s) {
        ArrayStatus a = s.status();
        HpcJobPhase phase = SlurmOutcome.of(s.whole()).phase();
        return "total=" + a.getTotal() + " pending=" + a.getPending() + " running=" + a.getRunning() + " succeeded="
                + a.getSucceeded() + " failed=" + a.getFailed() + " cancelled=" + a.getCancelled() + " failed="
                + a.getFailedIndexes().stream()
                        .map(f -> f.getIndex() + ":" + f.getExitCode())
                        .collect(Collectors.joining(", ", "[", "]"))
                + " phase=" + phase.wire();
    }

    private static Arguments row(String name, String expression, List<JobInfo> records, String expected) {
        return Arguments.of(name, expression, records, expected);
    }

    private static List<JobInfo> records(JobInfo... records) {
        return Arrays.asList(records);
    }

    private static JobInfo el(long index, JobState state, Integer exit) {
        ExitStatus status =
                exit != null ? ExitStatus.exited(exit) : state.isTerminal() ? ExitStatus.signalled(9) : null;
        return record(index == 0 ? ARRAY : ARRAY + 1 + index, state, status, index, null);
    }

    private static JobInfo pendingRecord(String indexes) {
        return record(ARRAY, JobState.PENDING, null, null, indexes);
    }

    private static JobInfo cancelledRecord(String indexes) {
        return record(ARRAY, JobState.CANCELLED, null, null, indexes);
    }

    private static JobInfo record(long id, JobState state, ExitStatus exit, Long index, String indexes) {
        return JobRecord.job(id)
                .name("team-a.sweep")
                .state(state)
                .exit(exit)
                .nodes(state == JobState.RUNNING ? List.of("nid1") : List.of())
                .comment("hpcenv:install:uid")
                .submitted(Instant.parse("2026-01-01T00:00:00Z"))
                .array(ARRAY, index, indexes)
                .build();
    }
}
