package dev.hpcenv.shim.runtime;

import java.io.IOException;

/** A runtime started by ProcessBuilder (nothing but stdio to pass on): no native code needed. */
final class JavaRuntimeProcess implements RuntimeProcess {
    private final Process process;

    JavaRuntimeProcess(Process process) {
        this.process = process;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** Java reports a death by signal N as 128+N already. */
    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public boolean awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void signal(int number, String name) {
        if (name.equals("TERM")) {
            process.destroy();
            return;
        }
        try {
            new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
        } catch (IOException e) {
            process.destroy();
        }
    }

    @Override
    public void kill() {
        process.destroyForcibly();
    }
}
