package dev.hpcenv.shim.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs helper tools (skopeo, umoci, mksquashfs, squashfuse_ll, runc). The only place the shim
 * starts processes, so unit tests can substitute a recorder and assert the planned commands.
 * Arguments are passed as a list, never through a shell.
 */
public interface ProcessRunner {
    /** Runs to completion and captures stdout/stderr. Interruptible: the child is killed. */
    CommandResult run(List<String> command, Map<String, String> extraEnv, Path workdir) throws InterruptedException;

    default CommandResult run(List<String> command) throws InterruptedException {
        return run(command, Map.of(), null);
    }

    /** Starts a command whose output is captured, without waiting for it. */
    RunningCommand start(List<String> command);

    /** Starts with inherited stdio (the container's own output) and returns the live process. */
    Process startInteractive(List<String> command, Map<String, String> env) throws java.io.IOException;
}
