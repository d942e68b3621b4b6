package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.operator.status.DesiredCondition;
import dev.hpcenv.slurm.JobInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the reconciler does for an HpcJob; chosen by {@link JobDecision}.
 *
 * <p>Performed through {@link #accept}: Java 17 has no pattern matching in {@code switch} (a preview
 * there), and an {@code instanceof} chain ends in a cast or a default the compiler cannot check. Here
 * every action must implement {@code accept}, which only compiles against a {@link Handler} method of
 * its own: a new action cannot be added without every handler saying what it does with it.
 */
public sealed interface JobAction {

    /** Hands this action to the handler's method for its kind. */
    <R> R accept(Handler<R> handler);

    /** One method per action. */
    interface Handler<R> {
        R keep(Keep keep);

        R hold(Hold hold);

        R submit(Submit submit);

        R adopt(Adopt adopt);

        R follow(Follow follow);

        R awaitListing(AwaitListing await);

        R lost(Lost lost);

        R suspend(Suspend suspend);

        R requeuedTooOften(RequeuedTooOften requeued);

        R dependencyFailed(DependencyFailed failed);
    }

    /** A final phase was reached: nothing changes any more. */
    record Keep() implements JobAction {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.keep(this);
        }
    }

    /** Not submitted, and not submitting now; the conditions say why. */
    record Hold(List<DesiredCondition> conditions, String message) implements JobAction {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.hold(this);
        }

        public Hold {
            conditions = List.copyOf(conditions);
        }
    }

    /**
     * Submit a new Slurm job (or job array) as the mapped user.
     *
     * @param serviceEnvironments the environments of the services that name their own, by service name
     * @param dependency Slurm's dependency expression for the dependencies on the same cluster; null for none
     */
    record Submit(
            UserMapping mapping,
            ResolvedEnvironment environment,
            String digest,
            Map<String, ResolvedEnvironment> serviceEnvironments,
            String dependency)
            implements JobAction {
        public Submit {
            serviceEnvironments = Map.copyOf(serviceEnvironments);
        }

        public Submit(UserMapping mapping, ResolvedEnvironment environment, String digest) {
            this(mapping, environment, digest, Map.of(), null);
        }

        public Submit(UserMapping mapping, ResolvedEnvironment environment, String digest, String dependency) {
            this(mapping, environment, digest, Map.of(), dependency);
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.submit(this);
        }
    }

    /**
     * A job with this HpcJob's UID in its comment exists already: record it instead of submitting.
     *
     * @param array for a job array, its elements counted (then {@code job} is the whole array); null otherwise
     */
    record Adopt(JobInfo job, ArraySummary array) implements JobAction {
        public Adopt(JobInfo job) {
            this(job, null);
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.adopt(this);
        }
    }

    /**
     * Follow the known job: its state from the latest listing, and the nodes that listing found down
     * (empty unless a job of it was hit by a node failure).
     *
     * @param array for a job array, its elements counted (then {@code job} is the whole array); null otherwise
     */
    record Follow(JobInfo job, Map<String, String> downNodes, ArraySummary array) implements JobAction {
        public Follow(JobInfo job, Map<String, String> downNodes) {
            this(job, downNodes, null);
        }

        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.follow(this);
        }

        public Follow {
            downNodes = Map.copyOf(downNodes);
        }
    }

    /**
     * A dependency ended in a way that cannot satisfy its condition: end the HpcJob Failed with reason
     * DependencyFailed, and cancel its Slurm job when it has one that has not ended (Slurm keeps it pending
     * with DependencyNeverSatisfied for ever unless the site set kill_invalid_depend).
     *
     * @param cancel the Slurm job to cancel; null when none was submitted or it ended
     */
    record DependencyFailed(Long cancel, String message) implements JobAction {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.dependencyFailed(this);
        }
    }

    /** The job is known but the cluster has not been listed since it was submitted: keep the status. */
    record AwaitListing(long jobId) implements JobAction {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.awaitListing(this);
        }
    }

    /** A job listed after the submission does not hold the job: slurmctld lost or purged it. */
    record Lost(long jobId) implements JobAction {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.lost(this);
        }
    }

    /**
     * Slurm requeued the job more often than {@code spec.requeue} allows (Slurm has no per-job limit):
     * cancel it and end the HpcJob Failed with reason NodeFail.
     */
    record RequeuedTooOften(JobInfo job, int allowed, Map<String, String> downNodes) implements JobAction {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.requeuedTooOften(this);
        }

        public RequeuedTooOften {
            downNodes = Map.copyOf(downNodes);
        }
    }

    /**
     * {@code suspend} is set: cancel the jobs that have not ended and retire every job of this HpcJob.
     */
    record Suspend(Set<Long> cancel, Set<Long> retire) implements JobAction {
        @Override
        public <R> R accept(Handler<R> handler) {
            return handler.suspend(this);
        }

        public Suspend {
            cancel = Set.copyOf(cancel);
            retire = Set.copyOf(retire);
        }
    }
}
