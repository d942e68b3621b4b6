package dev.hpcenv.operator.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline; on timeout the failure shows what was seen last. */
public final class Await {

    private Await() {}

    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<Object> lastSeen) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
                    + "; last seen: " + lastSeen.get());
        }
    }
}
