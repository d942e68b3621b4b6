package dev.hpcenv.bench.operator;

import java.time.Duration;
import java.util.Collection;

/** Nearest-rank percentiles of a set of durations. */
record Percentiles(Duration p50, Duration p99, Duration max, int count) {

    static Percentiles of(Collection<Duration> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        long[] nanos = samples.stream().mapToLong(Duration::toNanos).sorted().toArray();
        return new Percentiles(
                Duration.ofNanos(rank(nanos, 0.50)),
                Duration.ofNanos(rank(nanos, 0.99)),
                Duration.ofNanos(nanos[nanos.length - 1]),
                nanos.length);
    }

    private static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
