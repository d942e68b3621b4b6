package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.spawn.NativeSpawner;

/** A runtime started with posix_spawn (descriptors to pass on); JNA is loaded only for these. */
final class NativeRuntimeProcess implements RuntimeProcess {
    private final NativeSpawner.SpawnedProcess process;

    NativeRuntimeProcess(NativeSpawner.SpawnedProcess process) {
        this.process = process;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public int waitFor() {
        return process.waitFor();
    }

    @Override
    public boolean awaitExit(long millis) throws InterruptedException {
        return process.awaitExit(millis);
    }

    @Override
    public void signal(int number, String name) {
        process.signal(number);
    }

    @Override
    public void kill() {
        process.signal(9);
    }
}
