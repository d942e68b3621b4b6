package dev.hpcenv.bench.operator;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.job.JobSubmissionBuilder;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline: the submissions the operator would make for the same HpcJobs (same builder, same
 * JSON, held), made directly with slurm-bridge from as many threads as the operator reconciles with.
 */
final class DirectSubmitter {

    private final SlurmClient client;
    private final int concurrency;
    private final JobSubmissionBuilder builder = new JobSubmissionBuilder("/tmp");

    DirectSubmitter(SlurmClient client, int concurrency) {
        this.client = client;
        this.concurrency = concurrency;
    }

    /** The outcome of one round: how long it took and the job ids (to cancel). */
    record Round(Duration elapsed, List<Long> jobIds) {}

    /** Submits {@code count} jobs named {@code namespace.direct-i}. */
    Round submit(String namespace, int count, UserMapping mapping, ResolvedEnvironment environment) throws Exception {
        List<JobSubmission> submissions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HpcJob job = BenchJobs.held(namespace, "direct-" + i);
            job.getMetadata().setUid(UUID.randomUUID().toString());
            submissions.add(builder.build(job, environment, mapping, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            long start = System.nanoTime();
            List<Future<Long>> ids = new ArrayList<>();
            for (JobSubmission s : submissions) {
                ids.add(pool.submit(() -> client.submit(s)));
            }
            List<Long> jobIds = new ArrayList<>();
            for (Future<Long> id : ids) {
                jobIds.add(id.get());
            }
            return new Round(Duration.ofNanos(System.nanoTime() - start), jobIds);
        } finally {
            pool.shutdownNow();
        }
    }
}
