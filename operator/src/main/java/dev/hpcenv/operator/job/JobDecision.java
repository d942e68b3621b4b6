package dev.hpcenv.operator.job;

import static dev.hpcenv.operator.job.HpcJobStatusFactory.accepted;
import static dev.hpcenv.operator.status.DesiredCondition.isFalse;
import static dev.hpcenv.operator.status.DesiredCondition.unknown;

import dev.hpcenv.crd.common.ConditionReasons.Job;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.status.DesiredCondition;
import dev.hpcenv.operator.status.Timestamps;
import dev.hpcenv.operator.sync.JobListing;
import dev.hpcenv.slurm.JobInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pure decision for one HpcJob: given the facts, one {@link JobAction}. The order of the checks
 * is the contract:
 * <ol>
 *   <li>a final phase never changes;</li>
 *   <li>{@code suspend} cancels and retires whatever runs;</li>
 *   <li>a known job (status or this process's ledger) is followed, unless Slurm requeued it more often
 *       than spec.requeue allows: then it is cancelled;</li>
 *   <li>otherwise the job must be valid, its cluster connected and its namespace mapped, its
 *       environment resolved, and the cluster listed since the connection was made (exactly once);</li>
 *   <li>a listed job with the HpcJob's UID as comment, run by the namespace's Slurm user, is adopted
 *       instead of submitting again (any user can write any comment on their own jobs);</li>
 *   <li>after a submit with an unknown outcome, only a listing started later may allow a new one;</li>
 *   <li>spec.dependsOn ({@link DependencyPlan}): a cycle is refused, a failed dependency fails the job, a
 *       missing or unsubmitted one (or one on another cluster) is waited for, the rest go to Slurm as
 *       afterok/afterany with the submission.</li>
 * </ol>
 * A job array is followed as one job ({@link ArraySummary}); Slurm's DependencyNeverSatisfied fails a
 * known job and cancels it.
 */
public final class JobDecision {

    private JobDecision() {}

    public static JobAction decide(JobFacts f) {
        if (f.status().getPhase() != null && f.status().getPhase().isTerminal()) {
            return new JobAction.Keep();
        }
        Optional<JobListing> listing = f.cluster() instanceof ClusterView.Connected c ? c.listing() : Optional.empty();
        if (f.suspended()) {
            return suspend(f, listing);
        }
        Optional<Long> known = knownJob(f);
        if (known.isPresent()) {
            return follow(f, known.get(), listing);
        }
        if (!f.specProblems().isEmpty()) {
            return hold(
                    isFalse(ConditionType.ACCEPTED, Job.INVALID, String.join("; ", f.specProblems())),
                    envCondition(f),
                    waiting("the spec is invalid"),
                    "spec invalid: " + f.specProblems().get(0));
        }
        // Java 17: no pattern matching in switch yet.
        if (f.cluster() instanceof ClusterView.Missing m) {
            return hold(
                    isFalse(
                            ConditionType.ACCEPTED,
                            Job.CLUSTER_NOT_FOUND,
                            "SlurmCluster " + m.name() + " does not exist (hint: kubectl get slurmclusters)"),
                    envCondition(f),
                    waiting("SlurmCluster " + m.name() + " does not exist"),
                    "SlurmCluster " + m.name() + " not found");
        }
        if (f.cluster() instanceof ClusterView.NoneReady n) {
            return hold(
                    accepted(),
                    envCondition(f),
                    isFalse(ConditionType.SUBMITTED, Job.NO_CLUSTER_READY, n.message()),
                    "no SlurmCluster ready for the job");
        }
        if (f.cluster() instanceof ClusterView.UserDenied d) {
            return hold(
                    isFalse(
                            ConditionType.ACCEPTED,
                            Job.USER_DENIED,
                            "SlurmCluster " + d.name() + " " + d.why()
                                    + " (hint: an admin maps the namespace to the project's Slurm user)"),
                    envCondition(f),
                    waiting("the namespace's Slurm user is denied on SlurmCluster " + d.name()),
                    "the namespace's Slurm user is denied on SlurmCluster " + d.name());
        }
        if (f.cluster() instanceof ClusterView.NotConnected n) {
            return n.mapping().isEmpty()
                    ? notMapped(f, n.name())
                    : hold(
                            accepted(),
                            envCondition(f),
                            waiting("SlurmCluster " + n.name() + " is not ready: " + n.why()),
                            "waiting for SlurmCluster " + n.name());
        }
        ClusterView.Connected c = (ClusterView.Connected) f.cluster();
        return c.mapping().isEmpty() ? notMapped(f, c.name()) : submitOrWait(f, c);
    }

    /**
     * The spec passed the checks but no submission can be made from it (found while building it: a
     * limit of Slurm or Linux): held, as an invalid spec is, until the spec changes.
     */
    public static JobAction.Hold refused(List<String> problems, String digest) {
        return hold(
                isFalse(ConditionType.ACCEPTED, Job.INVALID, String.join("; ", problems)),
                HpcJobStatusFactory.environment(digest),
                waiting("the spec is invalid"),
                "spec invalid: " + problems.get(0));
    }

    /**
     * The job was just placed on one of several candidates: that choice is written to status.cluster
     * before anything is submitted (the submit follows at once).
     */
    public static JobAction.Hold placed(String cluster, String digest) {
        return hold(
                accepted(),
                HpcJobStatusFactory.environment(digest),
                waiting("placed on SlurmCluster " + cluster + "; submitting"),
                "placed on SlurmCluster " + cluster);
    }

    private static JobAction submitOrWait(JobFacts f, ClusterView.Connected c) {
        UserMapping mapping = c.mapping().orElseThrow();
        if (f.dependencies() instanceof DependencyPlan.Cycle cycle) {
            return hold(
                    isFalse(ConditionType.ACCEPTED, Job.DEPENDENCY_CYCLE, cycle.message()),
                    envCondition(f),
                    waiting("spec.dependsOn makes a cycle"),
                    cycle.message());
        }
        if (!(f.environment() instanceof EnvironmentView.Ready env)) {
            EnvironmentView.NotReady n = (EnvironmentView.NotReady) f.environment();
            return hold(
                    accepted(),
                    envCondition(f),
                    waiting("the environment is not ready: " + n.message()),
                    "waiting for the environment");
        }
        if (c.listing().isEmpty()) {
            DesiredCondition submitted = c.listingFailure().isPresent()
                    ? unknown(
                            ConditionType.SUBMITTED,
                            Job.CLUSTER_UNREACHABLE,
                            "cannot list the jobs of SlurmCluster " + c.name() + ": "
                                    + c.listingFailure().get().message() + " (retried)")
                    : waiting("the first job listing of SlurmCluster " + c.name()
                            + " (nothing is submitted before it, so that no job is submitted twice)");
            return hold(accepted(), envCondition(f), submitted, "waiting for SlurmCluster " + c.name());
        }
        JobListing listing = c.listing().get();
        // Every element of an array carries the comment: the array is adopted as one job, by its id.
        Optional<JobInfo> existing = listing.ownedWithComment(f.uid(), c.slurmUser()).stream()
                .filter(j -> !f.retiredJobIds().contains(j.submittedId()))
                .findFirst();
        if (existing.isPresent()) {
            JobInfo found = existing.get();
            if (found.arrayJobId() != null) {
                ArraySummary array = ArraySummary.of(
                        found.arrayJobId(), f.spec().getArray(), listing.arrayRecords(found.arrayJobId()));
                return new JobAction.Adopt(array.whole(), array);
            }
            return new JobAction.Adopt(found);
        }
        Optional<Instant> uncertain = f.uncertainSince();
        if (uncertain.isPresent() && !listing.startedAt().isAfter(uncertain.get())) {
            return hold(
                    accepted(),
                    envCondition(f),
                    unknown(
                            ConditionType.SUBMITTED,
                            Job.CLUSTER_UNREACHABLE,
                            "the last submit got no answer; waiting for a job listing to learn whether Slurm took it"),
                    "submit outcome unknown");
        }
        if (f.dependencies() instanceof DependencyPlan.Failed failed) {
            return new JobAction.DependencyFailed(null, failed.message());
        }
        if (f.dependencies() instanceof DependencyPlan.Wait wait) {
            return hold(
                    accepted(),
                    envCondition(f),
                    isFalse(ConditionType.SUBMITTED, wait.reason(), wait.message()),
                    wait.message());
        }
        String dependency = f.dependencies() instanceof DependencyPlan.Ready ready ? ready.slurmDependency() : null;
        return new JobAction.Submit(mapping, env.environment(), env.digest(), env.services(), dependency);
    }

    private static JobAction follow(JobFacts f, long jobId, Optional<JobListing> listing) {
        if (listing.isEmpty()) {
            return new JobAction.AwaitListing(jobId);
        }
        if (f.spec().getArray() != null && !listing.get().arrayRecords(jobId).isEmpty()) {
            ArraySummary array =
                    ArraySummary.of(jobId, f.spec().getArray(), listing.get().arrayRecords(jobId));
            return neverSatisfied(array.whole())
                    .<JobAction>map(why -> new JobAction.DependencyFailed(jobId, why))
                    .orElseGet(() ->
                            new JobAction.Follow(array.whole(), listing.get().downNodes(), array));
        }
        Optional<JobInfo> info = listing.get().job(jobId);
        if (info.isPresent()) {
            JobInfo job = info.get();
            Optional<String> never = neverSatisfied(job);
            if (never.isPresent()) {
                return new JobAction.DependencyFailed(job.state().isTerminal() ? null : jobId, never.get());
            }
            if (!job.state().isTerminal() && RequeueLimit.exceeded(f.spec(), job)) {
                return new JobAction.RequeuedTooOften(
                        job, RequeueLimit.of(f.spec()), listing.get().downNodes());
            }
            return new JobAction.Follow(job, listing.get().downNodes());
        }
        Instant submitted = Timestamps.parse(f.status().getSubmitTime());
        // The listing may have started before the submit; only a later one proves the job is gone.
        if (submitted != null && listing.get().startedAt().isAfter(submitted.plusSeconds(1))) {
            return new JobAction.Lost(jobId);
        }
        return new JobAction.AwaitListing(jobId);
    }

    /**
     * Slurm's DependencyNeverSatisfied: a dependency ended in a way that cannot satisfy it. Slurm keeps such a
     * job pending for ever (or cancels it, with kill_invalid_depend): either way it fails.
     */
    private static Optional<String> neverSatisfied(JobInfo job) {
        boolean stuck = "DependencyNeverSatisfied".equals(job.stateReason())
                && (job.state() == dev.hpcenv.slurm.JobState.PENDING
                        || job.state() == dev.hpcenv.slurm.JobState.CANCELLED);
        return stuck
                ? Optional.of("Slurm job " + job.jobId() + " can never start: a job it depends on ended in a way that"
                        + " does not satisfy its condition (Slurm's DependencyNeverSatisfied)")
                : Optional.empty();
    }

    private static JobAction suspend(JobFacts f, Optional<JobListing> listing) {
        Set<Long> retire = new LinkedHashSet<>();
        Set<Long> cancel = new LinkedHashSet<>();
        knownJob(f).ifPresent(id -> {
            retire.add(id);
            boolean ended = listing.map(l -> l.ended(id)).orElse(false);
            if (!ended) {
                cancel.add(id);
            }
        });
        Optional<String> owner = f.cluster() instanceof ClusterView.Connected c ? c.slurmUser() : Optional.empty();
        listing.ifPresent(l -> l.ownedWithComment(f.uid(), owner).stream()
                .filter(j -> !f.retiredJobIds().contains(j.submittedId()))
                .forEach(j -> {
                    // An array element stands for its array: the array's id cancels and retires all of it.
                    retire.add(j.submittedId());
                    if (!j.state().isTerminal()) {
                        cancel.add(j.submittedId());
                    }
                }));
        if (!retire.isEmpty()) {
            return new JobAction.Suspend(cancel, retire);
        }
        String why = "spec.suspend is true: the job is held back (set it to false to submit)";
        return hold(
                f.specProblems().isEmpty()
                        ? accepted()
                        : isFalse(ConditionType.ACCEPTED, Job.INVALID, String.join("; ", f.specProblems())),
                envCondition(f),
                isFalse(ConditionType.SUBMITTED, Job.SUSPENDED, why),
                "suspended");
    }

    /** The job this HpcJob follows: recorded in status, or submitted by this process (status write pending). */
    private static Optional<Long> knownJob(JobFacts f) {
        Long id = f.status().getSlurmJobId();
        if (id != null && !f.retiredJobIds().contains(id)) {
            return Optional.of(id);
        }
        return f.ledgerJobId().filter(l -> !f.retiredJobIds().contains(l));
    }

    private static JobAction notMapped(JobFacts f, String cluster) {
        return hold(
                isFalse(
                        ConditionType.ACCEPTED,
                        Job.NAMESPACE_NOT_MAPPED,
                        "SlurmCluster " + cluster
                                + " maps no Slurm user for this namespace, so its jobs cannot be submitted (hint: an admin adds "
                                + "the namespace to spec.userMappings of the SlurmCluster)"),
                envCondition(f),
                waiting("the namespace has no Slurm user on SlurmCluster " + cluster),
                "namespace not mapped on SlurmCluster " + cluster);
    }

    private static DesiredCondition envCondition(JobFacts f) {
        if (f.environment() instanceof EnvironmentView.Ready r) {
            return HpcJobStatusFactory.environment(r.digest());
        }
        EnvironmentView.NotReady n = (EnvironmentView.NotReady) f.environment();
        return isFalse(ConditionType.ENVIRONMENT_READY, n.reason(), n.message());
    }

    private static DesiredCondition waiting(String what) {
        return isFalse(ConditionType.SUBMITTED, Job.WAITING, "waiting: " + what);
    }

    private static JobAction.Hold hold(
            DesiredCondition accepted, DesiredCondition environment, DesiredCondition submitted, String message) {
        List<DesiredCondition> conditions = new ArrayList<>(List.of(accepted, environment, submitted));
        conditions.add(isFalse(ConditionType.READY, Job.PENDING, "not submitted: " + submitted.message()));
        return new JobAction.Hold(conditions, message);
    }
}
