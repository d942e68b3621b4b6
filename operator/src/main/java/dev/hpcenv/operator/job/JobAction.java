package dev.hpcenv.operator.job;

import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.status.DesiredCondition;
import dev.hpcenv.slurm.JobInfo;
import java.util.List;
import java.util.Set;

/** What the reconciler does for an HpcJob; chosen by {@link JobDecision}. */
public sealed interface JobAction {

    /** A final phase was reached: nothing changes any more. */
    record Keep() implements JobAction {
    }

    /** Not submitted, and not submitting now; the conditions say why. */
    record Hold(List<DesiredCondition> conditions, String message) implements JobAction {
        public Hold {
            conditions = List.copyOf(conditions);
        }
    }

    /** Submit a new Slurm job as the mapped user. */
    record Submit(UserMapping mapping, ResolvedEnvironment environment, String digest) implements JobAction {
    }

    /** A job with this HpcJob's UID in its comment exists already: record it instead of submitting. */
    record Adopt(JobInfo job) implements JobAction {
    }

    /** Follow the known job: its state from the latest listing. */
    record Follow(JobInfo job) implements JobAction {
    }

    /** The job is known but the cluster has not been listed since it was submitted: keep the status. */
    record AwaitListing(long jobId) implements JobAction {
    }

    /** A job listed after the submission does not hold the job: slurmctld lost or purged it. */
    record Lost(long jobId) implements JobAction {
    }

    /**
     * {@code suspend} is set: cancel the jobs that have not ended and retire every job of this HpcJob.
     */
    record Suspend(Set<Long> cancel, Set<Long> retire) implements JobAction {
        public Suspend {
            cancel = Set.copyOf(cancel);
            retire = Set.copyOf(retire);
        }
    }
}
