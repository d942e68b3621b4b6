package dev.hpcenv.operator.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A Prometheus histogram of one label set: cumulative buckets, sum and count. Thread-safe. */
final class Histogram {

    private final double[] bounds;
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void observe(double value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                counts[i].increment();
            }
        }
        sum.add(value);
        count.increment();
    }

    double[] bounds() {
        return bounds.clone();
    }

    long cumulativeCount(int bucket) {
        return counts[bucket].sum();
    }

    double sum() {
        return sum.sum();
    }

    long count() {
        return count.sum();
    }
}
