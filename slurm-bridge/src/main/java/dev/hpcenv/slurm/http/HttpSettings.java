package dev.hpcenv.slurm.http;

import java.time.Duration;

/**
 * Connection settings.
 *
 * @param connectTimeout  to open a TCP connection
 * @param requestTimeout  for one whole request and its answer (per attempt)
 * @param maxIdleConnections kept open in the pool for reuse
 */
public record HttpSettings(Duration connectTimeout, Duration requestTimeout, int maxIdleConnections, RetryPolicy retry) {

    public static final HttpSettings DEFAULT =
            new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), 16, RetryPolicy.DEFAULT);

    public HttpSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxIdleConnections < 1) {
            throw new IllegalArgumentException("maxIdleConnections must be at least 1");
        }
    }

    public HttpSettings withRequestTimeout(Duration timeout) {
        return new HttpSettings(connectTimeout, timeout, maxIdleConnections, retry);
    }

    public HttpSettings withConnectTimeout(Duration timeout) {
        return new HttpSettings(timeout, requestTimeout, maxIdleConnections, retry);
    }

    public HttpSettings withRetry(RetryPolicy policy) {
        return new HttpSettings(connectTimeout, requestTimeout, maxIdleConnections, policy);
    }

    public HttpSettings withMaxIdleConnections(int connections) {
        return new HttpSettings(connectTimeout, requestTimeout, connections, retry);
    }
}
