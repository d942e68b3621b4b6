package dev.hpcenv.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void baseStatesMapOneToOne() {
        assertThat(JobState.fromSlurm(List.of("RUNNING"))).isEqualTo(JobState.RUNNING);
        assertThat(JobState.fromSlurm(List.of("OUT_OF_MEMORY"))).isEqualTo(JobState.OUT_OF_MEMORY);
        assertThat(JobState.fromSlurm(List.of("pending"))).isEqualTo(JobState.PENDING);
    }

    @Test
    void completingFlagKeepsAFinishedJobLiveUntilItReleasesItsNodes() {
        // v0.0.40+: base state first, then flags; v0.0.38: only the flag name.
        assertThat(JobState.fromSlurm(List.of("COMPLETED", "COMPLETING"))).isEqualTo(JobState.COMPLETING);
        assertThat(JobState.fromSlurm(List.of("COMPLETING"))).isEqualTo(JobState.COMPLETING);
        assertThat(JobState.COMPLETING.isTerminal()).isFalse();
    }

    @Test
    void requeueAndConfiguringFlagsAreLiveStates() {
        assertThat(JobState.fromSlurm(List.of("PENDING", "REQUEUED"))).isEqualTo(JobState.REQUEUED);
        assertThat(JobState.fromSlurm(List.of("RUNNING", "CONFIGURING"))).isEqualTo(JobState.CONFIGURING);
        assertThat(JobState.fromSlurm(List.of("RUNNING", "SIGNALING"))).isEqualTo(JobState.RUNNING);
    }

    @Test
    void unknownNamesAreUnknownNotAFailure() {
        assertThat(JobState.fromSlurm(List.of("SOMETHING_NEW"))).isEqualTo(JobState.UNKNOWN);
        assertThat(JobState.fromSlurm(List.of())).isEqualTo(JobState.UNKNOWN);
        assertThat(JobState.UNKNOWN.isTerminal()).isFalse();
    }

    @Test
    void terminalStatesAreExactlyTheOnesThatReleasedTheJob() {
        assertThat(List.of(JobState.values()))
                .filteredOn(JobState::isTerminal)
                .containsExactlyInAnyOrder(
                        JobState.COMPLETED,
                        JobState.CANCELLED,
                        JobState.FAILED,
                        JobState.TIMEOUT,
                        JobState.NODE_FAIL,
                        JobState.PREEMPTED,
                        JobState.BOOT_FAIL,
                        JobState.DEADLINE,
                        JobState.OUT_OF_MEMORY);
    }
}
