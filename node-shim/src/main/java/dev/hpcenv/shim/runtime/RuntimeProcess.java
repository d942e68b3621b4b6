package dev.hpcenv.shim.runtime;

/** The started runtime: waited for, and signalled while it runs. */
public interface RuntimeProcess {
    long pid();

    /** The exit status: the command's, or 128+N when it ended on signal N. */
    int waitFor() throws InterruptedException;

    /** Sends signal {@code number} (named {@code name} for tools that need the name). */
    void signal(int number, String name);

    /**
     * Waits up to {@code millis} for the process to end, without collecting its status (a later
     * {@link #waitFor} still returns it). True if it has ended.
     */
    boolean awaitExit(long millis) throws InterruptedException;

    /** SIGKILL, for a start that failed half-way. */
    void kill();
}
