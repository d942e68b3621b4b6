package dev.hpcenv.operator.progress;

import java.util.Comparator;

/** A task of one run of the job: runs (attempts) first, then task numbers. */
record TaskKey(int attempt, int task) implements Comparable<TaskKey> {
    private static final Comparator<TaskKey> ORDER =
            Comparator.comparingInt(TaskKey::attempt).thenComparingInt(TaskKey::task);

    @Override
    public int compareTo(TaskKey other) {
        return ORDER.compare(this, other);
    }
}
