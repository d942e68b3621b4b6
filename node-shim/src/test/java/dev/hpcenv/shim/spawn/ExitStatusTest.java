package dev.hpcenv.shim.spawn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitStatusTest {
    @Test
    void decodesExitCodesAndSignalsAsShellsDo() {
        assertThat(ExitStatus.decode(0)).isZero();
        assertThat(ExitStatus.decode(3 << 8)).isEqualTo(3);
        assertThat(ExitStatus.decode(255 << 8)).isEqualTo(255);
        assertThat(ExitStatus.decode(15)).as("SIGTERM").isEqualTo(143);
        assertThat(ExitStatus.decode(9)).as("SIGKILL").isEqualTo(137);
        assertThat(ExitStatus.decode(11 | 0x80)).as("SIGSEGV with core").isEqualTo(139);
    }
}
