package dev.hpcenv.shim.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Small helpers for tests that drive real tools. */
public final class Processes {
    private Processes() {}

    /** Runs a command to completion (stdout+stderr captured), failing the test on a timeout. */
    public static ShimResult run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cmd", ".out");
        Path err = Files.createTempFile("cmd", ".err");
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new ShimResult(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    public static ShimResult runOk(List<String> command, Path dir) throws IOException, InterruptedException {
        ShimResult r = run(command, dir);
        if (r.exitCode() != 0) {
            throw new AssertionError("command failed: " + command + "\n" + r);
        }
        return r;
    }

    /** Waits for a condition with a deadline, sleeping between checks (no busy loop). */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        long pause = 10;
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 200);
        }
    }
}
