package dev.hpcenv.shim.process;

/**
 * Waits that must finish even when the thread is interrupted (a forwarded signal): whatever comes
 * next assumes the waited-for thing is over. The interrupt is kept for the caller.
 */
public final class Uninterruptibly {
    /** A wait that may be interrupted. */
    public interface Wait {
        void await() throws InterruptedException;
    }

    private Uninterruptibly() {}

    public static void await(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
