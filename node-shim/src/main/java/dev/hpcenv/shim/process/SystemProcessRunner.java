package dev.hpcenv.shim.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs commands with {@link ProcessBuilder}. */
public final class SystemProcessRunner implements ProcessRunner {
    @Override
    public CommandResult run(List<String> command, Map<String, String> extraEnv, Path workdir)
            throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(extraEnv);
        if (workdir != null) {
            pb.directory(workdir.toFile());
        }
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new CommandResult(127, "", command.get(0) + ": cannot execute (" + e.getMessage() + ")");
        }
        try {
            p.getOutputStream().close();
            // A plain thread, not the common pool: its start-up is measurable on the warm path.
            String[] err = new String[1];
            Thread errReader = new Thread(() -> err[0] = drain(p.getErrorStream()), "stderr-reader");
            errReader.start();
            String out = drain(p.getInputStream());
            int code = p.waitFor();
            errReader.join();
            return new CommandResult(code, out, err[0]);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Process startInteractive(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(env);
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
