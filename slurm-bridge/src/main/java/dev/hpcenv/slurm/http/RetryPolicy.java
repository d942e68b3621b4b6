package dev.hpcenv.slurm.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries for idempotent calls (GET, DELETE): exponential backoff with full jitter, so that many
 * clients that failed together do not come back together.
 *
 * @param maxAttempts total attempts including the first; 1 disables retries
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must satisfy 0 <= initial <= max");
        }
    }

    /** The pause before attempt {@code attempt + 1}, for {@code attempt} = 1, 2, ...: random in [0, cap]. */
    public Duration backoff(int attempt) {
        long cap = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        cap = Math.min(cap, maxBackoff.toMillis());
        return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
