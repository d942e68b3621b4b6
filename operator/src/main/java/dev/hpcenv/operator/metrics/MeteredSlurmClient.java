package dev.hpcenv.operator.metrics;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.Node;
import dev.hpcenv.slurm.Partition;
import dev.hpcenv.slurm.PingResult;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Counts every slurmrestd call and its failures, by cluster and call name. */
public final class MeteredSlurmClient implements SlurmClient {

    private final SlurmClient delegate;
    private final String cluster;
    private final OperatorMetrics metrics;

    public MeteredSlurmClient(SlurmClient delegate, String cluster, OperatorMetrics metrics) {
        this.delegate = delegate;
        this.cluster = cluster;
        this.metrics = metrics;
    }

    private <T> T call(String name, Supplier<T> action) {
        metrics.slurmRequest(cluster, name);
        try {
            return action.get();
        } catch (SlurmException e) {
            metrics.slurmError(cluster, name, e.kind().name());
            throw e;
        }
    }

    @Override
    public long submit(JobSubmission submission) {
        return call("submit", () -> delegate.submit(submission));
    }

    @Override
    public Optional<JobInfo> getJob(long jobId) {
        return call("get_job", () -> delegate.getJob(jobId));
    }

    @Override
    public List<JobInfo> listJobs(Optional<Instant> since) {
        return call("list_jobs", () -> delegate.listJobs(since));
    }

    @Override
    public CancelOutcome cancel(long jobId) {
        return call("cancel", () -> delegate.cancel(jobId));
    }

    @Override
    public PingResult ping() {
        return call("ping", delegate::ping);
    }

    @Override
    public List<Partition> partitions() {
        return call("partitions", delegate::partitions);
    }

    @Override
    public List<Node> nodes() {
        return call("nodes", delegate::nodes);
    }

    @Override
    public SlurmVersion version() {
        return call("version", delegate::version);
    }

    @Override
    public ApiVersion apiVersion() {
        return delegate.apiVersion();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
