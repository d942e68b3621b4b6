package dev.hpcenv.shim.process;

import dev.hpcenv.shim.state.RunProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs commands with {@link ProcessBuilder}. Every helper carries the shim's mark
 * ({@link RunProcesses}), so that the janitor finds what a killed shim left running.
 */
public final class SystemProcessRunner implements ProcessRunner {
    @Override
    public CommandResult run(List<String> command, Map<String, String> extraEnv, Path workdir)
            throws InterruptedException {
        Started started = launch(command, extraEnv, workdir);
        if (started.failure != null) {
            return started.failure;
        }
        try {
            return started.await();
        } catch (InterruptedException e) {
            started.cancel();
            throw e;
        }
    }

    @Override
    public RunningCommand start(List<String> command) {
        Started started = launch(command, Map.of(), null);
        if (started.failure != null) {
            CommandResult failure = started.failure;
            return new RunningCommand() {
                @Override
                public CommandResult await() {
                    return failure;
                }

                @Override
                public void cancel() {}
            };
        }
        return started;
    }

    private static Started launch(List<String> command, Map<String, String> extraEnv, Path workdir) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(extraEnv);
        RunProcesses.mark(pb.environment());
        if (workdir != null) {
            pb.directory(workdir.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            return new Started(pb.start());
        } catch (IOException e) {
            return new Started(
                    new CommandResult(127, "", command.get(0) + ": cannot execute (" + e.getMessage() + ")"));
        }
    }

    /** A started process whose stderr is drained by a thread; stdout is read by whoever awaits it. */
    private static final class Started implements RunningCommand {
        private final Process process;
        private final CommandResult failure;
        private final Thread errReader;
        private final String[] err = new String[1];

        Started(Process process) {
            this.process = process;
            this.failure = null;
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // a child that closed its stdin first is fine
            }
            // A plain thread, not the common pool: its start-up is measurable on the warm path.
            this.errReader = new Thread(() -> err[0] = drain(process.getErrorStream()), "stderr-reader");
            errReader.start();
        }

        Started(CommandResult failure) {
            this.process = null;
            this.failure = failure;
            this.errReader = null;
        }

        @Override
        public CommandResult await() throws InterruptedException {
            String out = drain(process.getInputStream());
            int code = process.waitFor();
            errReader.join();
            return new CommandResult(code, out, err[0]);
        }

        @Override
        public void cancel() {
            if (process == null) {
                return;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Uninterruptibly.await(process::waitFor);
        }
    }

    @Override
    public Process startInteractive(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(env);
        RunProcesses.mark(pb.environment());
        return pb.start();
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
