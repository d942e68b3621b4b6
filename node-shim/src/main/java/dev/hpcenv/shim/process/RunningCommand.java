package dev.hpcenv.shim.process;

/** A helper command started in the background: its outcome is awaited, or it is killed. */
public interface RunningCommand {
    /** Waits for the command to end. Interruptible: the command then keeps running until cancelled. */
    CommandResult await() throws InterruptedException;

    /** Kills the command and its children and waits until they are gone; harmless once it has ended. */
    void cancel();
}
