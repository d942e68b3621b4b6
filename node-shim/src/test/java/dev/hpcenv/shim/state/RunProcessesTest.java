package dev.hpcenv.shim.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.process.RunningCommand;
import dev.hpcenv.shim.process.SystemProcessRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The marks by which the janitor finds a dead shim's processes. */
class RunProcessesTest {
    @Test
    void helpersCarryTheShimsOwnerAndAreFoundByIt() throws Exception {
        RunningCommand sleep = new SystemProcessRunner().start(List.of("sleep", "1013"));
        try {
            long pid = ProcessHandle.current()
                    .children()
                    .filter(h -> RunProcesses.commandLine(h.pid()).equals("sleep 1013 "))
                    .findFirst()
                    .orElseThrow()
                    .pid();
            assertThat(RunProcesses.markedBy(OwnerId.current())).contains(pid);
            assertThat(RunProcesses.markedBy(new OwnerId(pid, 1))).doesNotContain(pid);
            assertThat(RunProcesses.withCommandLineContaining("sleep 1013")).contains(pid);
            String ns = RunProcesses.mountNamespace(pid);
            assertThat(ns).startsWith("mnt:[");
            assertThat(RunProcesses.inMountNamespace(ns))
                    .contains(pid)
                    .as("never the caller itself")
                    .doesNotContain(ProcessHandle.current().pid());
        } finally {
            sleep.cancel();
        }
    }
}
