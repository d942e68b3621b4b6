package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@link JobDecision} looks at, gathered by the reconciler from caches and the ledger.
 *
 * @param retiredJobIds Slurm jobs of this HpcJob cancelled by {@code suspend}: never adopted again
 * @param ledgerJobId   the job this process submitted for the HpcJob, if any
 * @param uncertainSince when a submit with an unknown outcome was made, if one was
 * @param dependencies  what spec.dependsOn allows now ({@link DependencyPlan}), from the namespace's HpcJobs
 */
public record JobFacts(
        String uid,
        HpcJobSpec spec,
        HpcJobStatus status,
        Set<Long> retiredJobIds,
        List<String> specProblems,
        ClusterView cluster,
        EnvironmentView environment,
        Optional<Long> ledgerJobId,
        Optional<Instant> uncertainSince,
        DependencyPlan.Outcome dependencies) {

    /** A job without dependencies. */
    public JobFacts(
            String uid,
            HpcJobSpec spec,
            HpcJobStatus status,
            Set<Long> retiredJobIds,
            List<String> specProblems,
            ClusterView cluster,
            EnvironmentView environment,
            Optional<Long> ledgerJobId,
            Optional<Instant> uncertainSince) {
        this(
                uid,
                spec,
                status,
                retiredJobIds,
                specProblems,
                cluster,
                environment,
                ledgerJobId,
                uncertainSince,
                new DependencyPlan.Ready(null));
    }

    public JobFacts {
        retiredJobIds = Set.copyOf(retiredJobIds);
        specProblems = List.copyOf(specProblems);
        status = status == null ? new HpcJobStatus() : status;
    }

    public boolean suspended() {
        return Boolean.TRUE.equals(spec.getSuspend());
    }
}
