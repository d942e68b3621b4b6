package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.testing.JobRecord;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlurmOutcomeTest {

    @ParameterizedTest(name = "{0} exit={1} signal={2} reason={3} restarts={4} -> {5} {6}")
    @CsvSource(
            nullValues = "-",
            value = {
                "PENDING,       -, -, None,         -, Submitted, Pending,   is pending",
                "PENDING,       -, -, None,         0, Submitted, Pending,   is pending",
                "PENDING,       -, -, JobHeldUser,  -, Submitted, Queued,    held by Slurm",
                "RUNNING,       -, -, None,         -, Running,   Running,   is running on n1",
                "RUNNING,       -, -, None,         0, Running,   Running,   is running on n1",
                "COMPLETING,    -, -, None,         -, Running,   Running,   is completing",
                "COMPLETED,     0, -, None,         -, Succeeded, Succeeded, exit code 0",
                "FAILED,        3, -, NonZeroExitCode, -, Failed, Failed,    exit code 3",
                "CANCELLED,     -, 9, None,         -, Cancelled, Cancelled, was cancelled",
                "TIMEOUT,       -, 15, None,        -, Failed,    Failed,    TIMEOUT (signal 15)",
                "OUT_OF_MEMORY, -, 9, None,         -, Failed,    Failed,    OUT_OF_MEMORY",
                "NODE_FAIL,     0, -, NodeDown,     0, Failed,    NodeFail,  NODE_FAIL: a node failed among its nodes n1 (NodeDown)",
                "NODE_FAIL,     -, -, None,         -, Failed,    NodeFail,  among its nodes n1",
                "NODE_FAIL,     0, -, NodeDown,     1, Failed,    NodeFail,  (NodeDown), attempt 2",
                "PENDING,       -, -, BeginTime,    1, Submitted, Requeued,  was requeued and waits to run again (BeginTime), attempt 2",
                "REQUEUED,      -, -, None,         2, Submitted, Requeued,  was requeued and waits to run again, attempt 3",
                "PENDING,       -, -, JobHeldAdmin, 1, Submitted, Queued,    held by Slurm (JobHeldAdmin), attempt 2",
                "CONFIGURING,   -, -, None,         1, Running,   Running,   is configuring on n1, attempt 2",
                "RUNNING,       -, -, None,         3, Running,   Running,   is running on n1, attempt 4"
            })
    void mapsSlurmStatesToPhases(
            JobState state,
            Integer exit,
            Integer signal,
            String reason,
            Integer restarts,
            String phase,
            String readyReason,
            String message) {
        // Given
        ExitStatus status = exit == null && signal == null ? null : new ExitStatus(exit, signal);
        JobInfo job = JobRecord.job(7)
                .state(state)
                .reason(reason)
                .exit(status)
                .nodes(state == JobState.PENDING || state == JobState.REQUEUED ? List.of() : List.of("n1"))
                .comment("uid")
                .restarts(restarts)
                .build();
        // When
        SlurmOutcome outcome = SlurmOutcome.of(job);
        // Then
        assertThat(outcome.phase()).isEqualTo(HpcJobPhase.fromWire(phase));
        assertThat(outcome.readyReason()).isEqualTo(readyReason);
        assertThat(outcome.message()).contains(message);
    }
}
