package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.process.ProcessRunner;
import dev.hpcenv.shim.spawn.NativeSpawner;
import dev.hpcenv.shim.state.RunProcesses;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a program in the foreground with the shim's stdio: through ProcessBuilder when only stdio
 * is passed on, through posix_spawn (JNA, loaded only then) when inherited descriptors must reach it
 * as 3, 4, ... ({@link PreservedFds}).
 */
public final class ForegroundLauncher {
    private ForegroundLauncher() {}

    /** @param privateDir a directory only this user can write, for JNA's native part */
    public static RuntimeProcess start(
            ProcessRunner runner, List<String> command, Map<String, String> env, PreservedFds fds, Path privateDir)
            throws IOException {
        if (fds.isEmpty()) {
            return new JavaRuntimeProcess(runner.startInteractive(command, env));
        }
        NativeSpawner.prepare(privateDir);
        Map<String, String> marked = new java.util.HashMap<>(env);
        RunProcesses.mark(marked);
        return new NativeRuntimeProcess(NativeSpawner.spawn(command, marked, fds.moves()));
    }
}
