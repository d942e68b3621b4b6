package dev.hpcenv.operator.progress;

import dev.hpcenv.crd.v1alpha1.ServicePhase;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the shims of one job reported, folded ({@link ProgressFold}): the image pull, each
 * task, and each service on each node. Immutable; a new report makes a new value.
 *
 * @param pull  the latest pull report, or null when no shim pulled
 * @param tasks by run and task number
 */
record NodeReports(
        PullReport pull,
        SortedMap<TaskKey, TaskReport> tasks,
        SortedMap<ServiceKey, ServiceReport> services,
        Instant lastReport) {

    static final NodeReports EMPTY = new NodeReports(null, new TreeMap<>(), new TreeMap<>(), Instant.EPOCH);

    NodeReports {
        tasks = Collections.unmodifiableSortedMap(new TreeMap<>(tasks));
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
    }

    NodeReports(PullReport pull, SortedMap<TaskKey, TaskReport> tasks, Instant lastReport) {
        this(pull, tasks, new TreeMap<>(), lastReport);
    }

    /** The newest run a service supervisor reported from. */
    int latestServiceAttempt() {
        return services.isEmpty() ? 0 : services.lastKey().attempt();
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

    /**
     * One service on one node, as its supervisor's events said (docs/workflows.md, section 3).
     *
     * @param output   the expanded path of its output file, once started
     * @param exitCode null while it runs
     * @param message  why it is not ready, or how it ended; may be empty
     * @param required the supervisor's word that the job fails when it ends early
     */
    record ServiceReport(ServicePhase state, String output, Integer exitCode, String message, boolean required) {}
}
