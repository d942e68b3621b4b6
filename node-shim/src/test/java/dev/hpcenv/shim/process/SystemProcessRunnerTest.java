package dev.hpcenv.shim.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Background commands: their output when awaited, and nothing left running once cancelled. */
class SystemProcessRunnerTest {
    private final SystemProcessRunner runner = new SystemProcessRunner();

    @Test
    void aStartedCommandIsAwaitedWithItsOutput() throws Exception {
        CommandResult r = runner.start(List.of("sh", "-c", "echo out; echo err >&2; exit 3"))
                .await();

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.lastErrorLine()).isEqualTo("err");
    }

    @Test
    void cancellingKillsTheCommandAndItsChildrenBeforeReturning() {
        String marker = "31." + ProcessHandle.current().pid();
        RunningCommand cmd = runner.start(List.of("sh", "-c", "sleep " + marker + " & wait"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sleepers(marker) == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(sleepers(marker)).as("the child started").isEqualTo(1);

        cmd.cancel();

        assertThat(sleepers(marker)).as("nothing left running").isZero();
        cmd.cancel();
    }

    @Test
    void aCommandThatCannotStartIsAnAnswerNotAnException() throws Exception {
        RunningCommand cmd = runner.start(List.of("/nonexistent/tool"));

        assertThat(cmd.await().exitCode()).isEqualTo(127);
        cmd.cancel();
    }

    private static long sleepers(String marker) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").equals("sleep " + marker)
                        || p.info()
                                        .arguments()
                                        .map(a -> List.of(a).contains(marker))
                                        .orElse(false)
                                && p.info().command().orElse("").endsWith("sleep"))
                .count();
    }
}
