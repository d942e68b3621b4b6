package dev.hpcenv.bench.logs;

import dev.hpcenv.operator.logs.JobDirectory;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The benchmark's HpcJobs, as the operator's directory would report them: one per timed run. */
final class BenchJobs implements JobDirectory {
    static final String NAMESPACE = "bench";

    private final ConcurrentHashMap<String, LoggedJob> jobs = new ConcurrentHashMap<>();

    void started(String name, String uid) {
        jobs.put(name, new LoggedJob(uid, false));
    }

    void ended(String name) {
        jobs.computeIfPresent(name, (n, job) -> new LoggedJob(job.uid(), true));
    }

    @Override
    public Optional<LoggedJob> find(String namespace, String name) {
        return NAMESPACE.equals(namespace) ? Optional.ofNullable(jobs.get(name)) : Optional.empty();
    }
}
