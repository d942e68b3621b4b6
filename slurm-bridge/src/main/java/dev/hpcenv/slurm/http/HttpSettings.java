package dev.hpcenv.slurm.http;

import java.time.Duration;

/**
 * Connection settings.
 *
 * @param connectTimeout  to open a TCP connection
 * @param requestTimeout  for one whole request and its answer (per attempt)
 * @param maxIdleConnections kept open in the pool for reuse
 * @param maxBodyBytes    the largest answer read; a larger one is refused rather than held in memory
 */
public record HttpSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        int maxIdleConnections,
        RetryPolicy retry,
        long maxBodyBytes) {

    /** Room for a listing of some 50,000 jobs in the verbose v0.0.40+ format. */
    public static final long DEFAULT_MAX_BODY_BYTES = 256L * 1024 * 1024;

    public static final HttpSettings DEFAULT = new HttpSettings(
            Duration.ofSeconds(5), Duration.ofSeconds(30), 16, RetryPolicy.DEFAULT, DEFAULT_MAX_BODY_BYTES);

    public HttpSettings {
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxIdleConnections < 1) {
            throw new IllegalArgumentException("maxIdleConnections must be at least 1");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 KiB and 2 GiB, got " + maxBodyBytes);
        }
    }

    public HttpSettings withRequestTimeout(Duration timeout) {
        return new HttpSettings(connectTimeout, timeout, maxIdleConnections, retry, maxBodyBytes);
    }

    public HttpSettings withConnectTimeout(Duration timeout) {
        return new HttpSettings(timeout, requestTimeout, maxIdleConnections, retry, maxBodyBytes);
    }

    public HttpSettings withRetry(RetryPolicy policy) {
        return new HttpSettings(connectTimeout, requestTimeout, maxIdleConnections, policy, maxBodyBytes);
    }

    public HttpSettings withMaxIdleConnections(int connections) {
        return new HttpSettings(connectTimeout, requestTimeout, connections, retry, maxBodyBytes);
    }

    public HttpSettings withMaxBodyBytes(long bytes) {
        return new HttpSettings(connectTimeout, requestTimeout, maxIdleConnections, retry, bytes);
    }
}
