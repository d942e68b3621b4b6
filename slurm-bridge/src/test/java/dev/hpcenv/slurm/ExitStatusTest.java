package dev.hpcenv.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void rawWaitStatusOfAnExitIsShiftedByEight() {
        assertThat(ExitStatus.fromWaitStatus(768)).isEqualTo(ExitStatus.exited(3));
        assertThat(ExitStatus.fromWaitStatus(0)).isEqualTo(ExitStatus.exited(0));
        assertThat(ExitStatus.fromWaitStatus(255 << 8)).isEqualTo(ExitStatus.exited(255));
    }

    @Test
    void rawWaitStatusOfASignalIsTheLowSevenBits() {
        assertThat(ExitStatus.fromWaitStatus(9)).isEqualTo(ExitStatus.signalled(9));
        assertThat(ExitStatus.fromWaitStatus(15)).isEqualTo(ExitStatus.signalled(15));
        // Core dump flag (0x80) set: still signal 11.
        assertThat(ExitStatus.fromWaitStatus(0x80 | 11)).isEqualTo(ExitStatus.signalled(11));
    }

    @Test
    void onlyExitCodeZeroSucceeded() {
        assertThat(ExitStatus.exited(0).succeeded()).isTrue();
        assertThat(ExitStatus.exited(3).succeeded()).isFalse();
        assertThat(ExitStatus.signalled(9).succeeded()).isFalse();
    }
}
