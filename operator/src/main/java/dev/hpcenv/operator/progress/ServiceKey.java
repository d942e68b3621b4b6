package dev.hpcenv.operator.progress;

import java.util.Comparator;

/** A service on one node in one run of the job: runs first, then names, then nodes. */
record ServiceKey(int attempt, String name, String node) implements Comparable<ServiceKey> {
    private static final Comparator<ServiceKey> ORDER = Comparator.comparingInt(ServiceKey::attempt)
            .thenComparing(ServiceKey::name)
            .thenComparing(ServiceKey::node);

    @Override
    public int compareTo(ServiceKey other) {
        return ORDER.compare(this, other);
    }
}
