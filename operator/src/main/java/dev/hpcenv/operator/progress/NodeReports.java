package dev.hpcenv.operator.progress;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the shims of one job reported, folded ({@link ProgressFold}): the image pull and each
 * task. Immutable; a new report makes a new value.
 *
 * @param pull  the latest pull report, or null when no shim pulled
 * @param tasks by run and task number
 */
record NodeReports(PullReport pull, SortedMap<TaskKey, TaskReport> tasks, Instant lastReport) {

    static final NodeReports EMPTY = new NodeReports(null, new TreeMap<>(), Instant.EPOCH);

    NodeReports {
        tasks = Collections.unmodifiableSortedMap(new TreeMap<>(tasks));
    }

    /** The newest run any task reported from: a requeued job's earlier runs no longer count. */
    int latestAttempt() {
        return tasks.isEmpty() ? 0 : tasks.lastKey().attempt();
    }

    /**
     * @param phase   Waiting, Pulling, Unpacking, Squashing, Done or Failed
     * @param total   bytes of the image when the registry said, else -1
     * @param message the shim's line (why it failed, what it waits for), may be empty
     */
    record PullReport(
            String phase,
            String image,
            String node,
            int attempt,
            long done,
            long total,
            long bytesPerSecond,
            String message) {}

    /** @param exitCode null while it runs */
    record TaskReport(String node, boolean started, Integer exitCode) {}
}
