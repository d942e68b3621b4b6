package dev.hpcenv.shim.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnerIdTest {

    @Test
    void aLiveProcessIsAliveOnlyWithItsOwnStartTime() throws Exception {
        OwnerId self = OwnerId.current();
        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.isAlive()).isTrue();
        assertThat(new OwnerId(self.pid(), self.startTicks() + 1).isAlive())
                .as("a recycled pid")
                .isFalse();
        assertThat(OwnerId.parse(self.toString())).contains(self);
        assertThat(OwnerId.parse("lock")).isEmpty();

        Process p = new ProcessBuilder("true").start();
        long pid = p.pid();
        p.waitFor();
        assertThat(new OwnerId(pid, 0).isAlive()).isFalse();
    }
}
