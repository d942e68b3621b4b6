package dev.hpcenv.slurm.real;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes (no fixed sleeps in tests). */
final class Await {

    private Await() {}

    static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<T> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (last.isPresent()) {
                return last.get();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }
}
