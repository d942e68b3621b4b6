package dev.hpcenv.shim.run;

/**
 * What a task waits for right before its command starts (in its container, or on the node without
 * an image): the readiness of the node's services when the job has any.
 */
@FunctionalInterface
public interface StartGate {
    StartGate OPEN = () -> {};

    /** Returns when the command may start; throws (a one-line ShimException) when it never may. */
    void await() throws InterruptedException;
}
