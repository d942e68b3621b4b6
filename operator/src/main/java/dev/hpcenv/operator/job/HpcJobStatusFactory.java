package dev.hpcenv.operator.job;

import static dev.hpcenv.operator.status.DesiredCondition.isFalse;
import static dev.hpcenv.operator.status.DesiredCondition.isTrue;
import static dev.hpcenv.operator.status.DesiredCondition.unknown;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionReasons.Job;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.status.ConditionMerger;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.status.DesiredCondition;
import dev.hpcenv.operator.status.Timestamps;
import dev.hpcenv.operator.sync.DownNodes;
import dev.hpcenv.operator.sync.SyncState;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds an HpcJob's status for each outcome of a reconcile; conditions keep their transition times. */
public final class HpcJobStatusFactory {

    private final Clock clock;

    public HpcJobStatusFactory(Clock clock) {
        this.clock = clock;
    }

    public HpcJobStatus hold(HpcJobStatus previous, Long generation, JobAction.Hold hold) {
        HpcJobStatus s = base(previous, generation);
        s.setPhase(HpcJobPhase.PENDING);
        s.setMessage(hold.message());
        return withConditions(s, previous, hold.conditions());
    }

    public HpcJobStatus submitted(HpcJobStatus previous, Long generation, long jobId, String digest) {
        HpcJobStatus s = base(previous, generation);
        s.setPhase(HpcJobPhase.SUBMITTED);
        s.setSlurmJobId(jobId);
        s.setSlurmState("PENDING");
        s.setAttempts(1);
        s.setSubmitTime(Timestamps.format(clock.instant()));
        s.setEnvironmentDigest(digest);
        s.setMessage("submitted as Slurm job " + jobId);
        return withConditions(
                s,
                previous,
                List.of(
                        accepted(),
                        environment(digest),
                        isTrue(ConditionType.SUBMITTED, Job.SUBMITTED, "Slurm job " + jobId),
                        isFalse(ConditionType.READY, Job.PENDING, "Slurm job " + jobId + " is pending")));
    }

    /**
     * @param adopted true when this reconcile found the job by its comment instead of submitting
     * @param digest  the environment digest to record when the status has none yet (adoption)
     */
    public HpcJobStatus observed(
            HpcJobStatus previous,
            Long generation,
            JobInfo job,
            boolean adopted,
            String digest,
            Optional<SyncState.Failure> listingFailure) {
        return observed(previous, generation, job, adopted, digest, listingFailure, Map.of());
    }

    /**
     * @param downNodes the nodes the listing found down, to name the node whose failure ended the job or
     *                  its previous run (empty when the listing did not ask)
     */
    public HpcJobStatus observed(
            HpcJobStatus previous,
            Long generation,
            JobInfo job,
            boolean adopted,
            String digest,
            Optional<SyncState.Failure> listingFailure,
            Map<String, String> downNodes) {
        HpcJobStatus s = base(previous, generation);
        SlurmOutcome outcome = SlurmOutcome.of(job, downNodes);
        HpcJobPhase phase = outcome.phase() != null
                ? outcome.phase()
                : previous != null && previous.getPhase() != null ? previous.getPhase() : HpcJobPhase.SUBMITTED;
        s.setPhase(phase);
        s.setSlurmJobId(job.jobId());
        s.setSlurmState(
                job.state() == JobState.UNKNOWN ? job.rawState() : job.state().name());
        s.setSlurmReason(SlurmReasons.shown(job.stateReason()));
        s.setNodes(new ArrayList<>(job.nodes()));
        Integer attempt = RequeueLimit.attempt(job);
        s.setAttempts(attempt != null ? attempt : s.getAttempts() != null ? s.getAttempts() : Integer.valueOf(1));
        s.setSubmitTime(Timestamps.format(job.submitTime()));
        s.setStartTime(Timestamps.format(job.startTime()));
        // For a job that has not ended Slurm reports the expected end; only a real one is recorded.
        s.setEndTime(phase.isTerminal() ? Timestamps.format(job.endTime()) : null);
        // A launch failure's exit status is slurmd's error code (4021 shows as "signal 53"), not the job's.
        if (phase.isTerminal() && job.exit() != null && !outcome.launchFailed()) {
            s.setExitCode(job.exit().exitCode());
            s.setSignal(job.exit().signal());
        }
        if (s.getEnvironmentDigest() == null) {
            s.setEnvironmentDigest(digest);
        }
        s.setMessage(outcome.message() + previousRun(previous, s, downNodes));
        boolean wasAdopted =
                adopted || previousReason(previous, ConditionType.SUBMITTED).equals(Job.ADOPTED);
        List<DesiredCondition> conditions = new ArrayList<>(List.of(
                accepted(),
                environment(s.getEnvironmentDigest()),
                wasAdopted
                        ? isTrue(
                                ConditionType.SUBMITTED,
                                Job.ADOPTED,
                                "Slurm job " + job.jobId() + " found by its comment (this HpcJob's UID) and adopted")
                        : isTrue(ConditionType.SUBMITTED, Job.SUBMITTED, "Slurm job " + job.jobId())));
        conditions.add(ready(phase, outcome, listingFailure));
        if (outcome.neverStarts() != null) {
            conditions.add(isFalse(ConditionType.SCHEDULABLE, job.stateReason(), outcome.neverStarts()));
        }
        terminal(phase, outcome).ifPresent(conditions::addAll);
        return withConditions(s, previous, conditions);
    }

    /**
     * When this status counts a requeue the previous one did not: how the previous run ended, for the
     * message (and so for the Requeued event); Slurm's record of a requeued job has no nodes left.
     */
    private static String previousRun(HpcJobStatus previous, HpcJobStatus now, Map<String, String> downNodes) {
        if (previous == null
                || previous.getAttempts() == null
                || now.getAttempts() == null
                || now.getAttempts() <= previous.getAttempts()
                || previous.getNodes().isEmpty()) {
            return "";
        }
        String failed = DownNodes.among(previous.getNodes(), downNodes);
        return "; its previous run on " + String.join(",", previous.getNodes()) + " ended"
                + (failed.isEmpty() ? "" : " when " + failed + " failed");
    }

    /** The status as it is, with Ready marked Unknown while the cluster's listings fail. */
    public HpcJobStatus awaiting(HpcJobStatus previous, Long generation, Optional<SyncState.Failure> listingFailure) {
        HpcJobStatus s = base(previous, generation);
        List<DesiredCondition> conditions = new ArrayList<>();
        for (Condition c : s.getConditions()) {
            ConditionType type = typeOf(c.getType());
            if (type == ConditionType.READY && listingFailure.isPresent()) {
                conditions.add(unknown(
                        ConditionType.READY,
                        Job.CLUSTER_UNREACHABLE,
                        "cannot list the cluster's jobs: "
                                + listingFailure.get().message() + " (retried)"));
            } else if (type != null) {
                conditions.add(new DesiredCondition(
                        type, c.getStatus(), c.getReason() == null ? "" : c.getReason(), c.getMessage()));
            }
        }
        return withConditions(s, previous, conditions);
    }

    public HpcJobStatus lost(HpcJobStatus previous, Long generation, long jobId) {
        HpcJobStatus s = base(previous, generation);
        s.setPhase(HpcJobPhase.FAILED);
        String message = "Slurm no longer knows job " + jobId + " and its end was not seen (purged after "
                + "MinJobAge, or slurmctld lost its state)";
        s.setMessage(message);
        return ended(s, previous, jobId, Job.FAILED, message);
    }

    /**
     * Slurm requeued the job more often than spec.requeue allows and the operator cancelled it: Failed,
     * reason NodeFail. A requeued job has no nodes in Slurm's record, so those of its last run are kept.
     */
    public HpcJobStatus requeuedTooOften(HpcJobStatus previous, Long generation, JobAction.RequeuedTooOften requeued) {
        HpcJobStatus s = base(previous, generation);
        JobInfo job = requeued.job();
        s.setPhase(HpcJobPhase.FAILED);
        s.setSlurmJobId(job.jobId());
        s.setSlurmState(
                job.state() == JobState.UNKNOWN ? job.rawState() : job.state().name());
        s.setSlurmReason(SlurmReasons.shown(job.stateReason()));
        if (!job.nodes().isEmpty()) {
            s.setNodes(new ArrayList<>(job.nodes()));
        }
        s.setAttempts(RequeueLimit.attempt(job));
        s.setEndTime(Timestamps.format(clock.instant()));
        int restarts = job.restartCount();
        String message = "Slurm job " + job.jobId() + " was requeued " + restarts + (restarts == 1 ? " time" : " times")
                + ", more than spec.requeue (" + requeued.allowed() + ") allows, and was cancelled"
                + (s.getNodes().isEmpty() ? "" : "; it last ran on " + String.join(",", s.getNodes()))
                + (DownNodes.among(s.getNodes(), requeued.downNodes()).isEmpty()
                        ? ""
                        : ", where " + DownNodes.among(s.getNodes(), requeued.downNodes()) + " failed")
                + " (hint: Slurm requeues a job when one of its nodes fails or it cannot be launched on one; "
                + "sinfo -R on the cluster names down nodes; spec.requeue allows up to " + HpcJobSpec.MAX_REQUEUE + ")";
        s.setMessage(message);
        return ended(s, previous, job.jobId(), Job.NODE_FAIL, message);
    }

    /**
     * The conditions of a job the operator itself declared ended: still Submitted (with the reason it
     * had), not Ready and Failed, both with {@code reason} and {@code message}.
     */
    private HpcJobStatus ended(HpcJobStatus s, HpcJobStatus previous, long jobId, String reason, String message) {
        String submitted = previousReason(previous, ConditionType.SUBMITTED);
        return withConditions(
                s,
                previous,
                List.of(
                        accepted(),
                        environment(s.getEnvironmentDigest()),
                        isTrue(
                                ConditionType.SUBMITTED,
                                submitted.isEmpty() ? Job.SUBMITTED : submitted,
                                "Slurm job " + jobId),
                        isFalse(ConditionType.READY, reason, message),
                        isTrue(ConditionType.FAILED, reason, message)));
    }

    public HpcJobStatus suspended(HpcJobStatus previous, Long generation, JobAction.Suspend suspend) {
        HpcJobStatus s = new HpcJobStatus();
        s.setObservedGeneration(generation);
        s.setPhase(HpcJobPhase.PENDING);
        String message = "spec.suspend is true: "
                + (suspend.cancel().isEmpty() ? "" : "cancelled Slurm job(s) " + suspend.cancel() + "; ")
                + "set it to false to submit afresh";
        s.setMessage(message);
        return withConditions(
                s,
                previous,
                List.of(
                        accepted(),
                        environmentFrom(previous),
                        isFalse(ConditionType.SUBMITTED, Job.SUSPENDED, message),
                        isFalse(ConditionType.READY, Job.PENDING, message)));
    }

    /** Slurm refused the submission: final for this HpcJob (delete and recreate it with a fixed spec). */
    public HpcJobStatus rejected(HpcJobStatus previous, Long generation, String slurmMessage, String digest) {
        HpcJobStatus s = base(previous, generation);
        s.setPhase(HpcJobPhase.FAILED);
        String message = "Slurm rejected the job: " + slurmMessage;
        s.setMessage(message);
        return withConditions(
                s,
                previous,
                List.of(
                        accepted(),
                        environment(digest),
                        isFalse(ConditionType.SUBMITTED, Job.SUBMIT_FAILED, message),
                        isFalse(ConditionType.READY, Job.FAILED, message),
                        isTrue(ConditionType.FAILED, Job.SUBMIT_FAILED, message)));
    }

    /**
     * Slurm refused spec.array (MaxArraySize, or its syntax): Failed, with Accepted False, reason ArrayRefused.
     * Final like any rejection: a refused array is never submitted again by itself.
     */
    public HpcJobStatus arrayRefused(HpcJobStatus previous, Long generation, String message, String digest) {
        HpcJobStatus s = base(previous, generation);
        s.setPhase(HpcJobPhase.FAILED);
        s.setMessage(message);
        return withConditions(
                s,
                previous,
                List.of(
                        isFalse(ConditionType.ACCEPTED, Job.ARRAY_REFUSED, message),
                        environment(digest),
                        isFalse(ConditionType.SUBMITTED, Job.ARRAY_REFUSED, message),
                        isFalse(ConditionType.READY, Job.FAILED, message),
                        isTrue(ConditionType.FAILED, Job.ARRAY_REFUSED, message)));
    }

    /** A dependency ended in a way that cannot satisfy its condition: Failed, reason DependencyFailed. */
    public HpcJobStatus dependencyFailed(HpcJobStatus previous, Long generation, String message) {
        HpcJobStatus s = base(previous, generation);
        s.setPhase(HpcJobPhase.FAILED);
        s.setMessage(message);
        if (s.getEndTime() == null) {
            s.setEndTime(Timestamps.format(clock.instant()));
        }
        boolean neverSubmitted = s.getSlurmJobId() == null;
        List<DesiredCondition> conditions = new ArrayList<>(List.of(accepted()));
        for (Condition c : s.getConditions()) {
            ConditionType type = typeOf(c.getType());
            // A job never submitted gets its own Submitted below, not the one it waited with.
            if (type == ConditionType.ENVIRONMENT_READY || (type == ConditionType.SUBMITTED && !neverSubmitted)) {
                conditions.add(new DesiredCondition(
                        type, c.getStatus(), c.getReason() == null ? "" : c.getReason(), c.getMessage()));
            }
        }
        if (neverSubmitted) {
            conditions.add(isFalse(ConditionType.SUBMITTED, Job.DEPENDENCY_FAILED, message));
        }
        conditions.add(isFalse(ConditionType.READY, Job.DEPENDENCY_FAILED, message));
        conditions.add(isTrue(ConditionType.FAILED, Job.DEPENDENCY_FAILED, message));
        return withConditions(s, previous, conditions);
    }

    /**
     * A reconcile that failed: Submitted (or Ready, once submitted) becomes Unknown with the reason
     * ({@code ClusterUnreachable}, {@code ApiError}, {@code InternalError}) and the message as given.
     */
    public HpcJobStatus transientFailure(HpcJobStatus previous, Long generation, String reason, String message) {
        HpcJobStatus s = base(previous, generation);
        if (s.getPhase() == null) {
            s.setPhase(HpcJobPhase.PENDING);
        }
        List<DesiredCondition> conditions = new ArrayList<>();
        ConditionType replaced = s.getSlurmJobId() == null ? ConditionType.SUBMITTED : ConditionType.READY;
        boolean seen = false;
        for (Condition c : s.getConditions()) {
            ConditionType type = typeOf(c.getType());
            if (type == replaced) {
                seen = true;
                conditions.add(unknown(type, reason, message));
            } else if (type != null) {
                conditions.add(new DesiredCondition(
                        type, c.getStatus(), c.getReason() == null ? "" : c.getReason(), c.getMessage()));
            }
        }
        if (!seen) {
            conditions.add(unknown(replaced, reason, message));
        }
        return withConditions(s, previous, conditions);
    }

    private DesiredCondition ready(HpcJobPhase phase, SlurmOutcome outcome, Optional<SyncState.Failure> failure) {
        if (!phase.isTerminal() && failure.isPresent()) {
            return unknown(
                    ConditionType.READY,
                    Job.CLUSTER_UNREACHABLE,
                    "cannot list the cluster's jobs: " + failure.get().message() + " (retried)");
        }
        if (outcome.phase() == null) {
            return unknown(ConditionType.READY, outcome.readyReason(), outcome.message());
        }
        boolean good = phase == HpcJobPhase.RUNNING || phase == HpcJobPhase.SUCCEEDED;
        return new DesiredCondition(
                ConditionType.READY, good ? Condition.TRUE : Condition.FALSE, outcome.readyReason(), outcome.message());
    }

    private static Optional<List<DesiredCondition>> terminal(HpcJobPhase phase, SlurmOutcome outcome) {
        return switch (phase) {
            case SUCCEEDED -> Optional.of(List.of(isTrue(ConditionType.COMPLETE, Job.SUCCEEDED, outcome.message())));
            case FAILED, CANCELLED ->
                Optional.of(List.of(isTrue(ConditionType.FAILED, outcome.readyReason(), outcome.message())));
            default -> Optional.empty();
        };
    }

    /**
     * Accepted=True, the one place it is written (the decision's holds use it too): the spec passed the
     * checks, the SlurmCluster exists and maps the namespace to a Slurm user.
     */
    static DesiredCondition accepted() {
        return isTrue(ConditionType.ACCEPTED, Job.VALID, "spec checked; the namespace is mapped to a Slurm user");
    }

    /** EnvironmentReady=True, with the digest of the environment when it is known. */
    static DesiredCondition environment(String digest) {
        return isTrue(
                ConditionType.ENVIRONMENT_READY,
                Job.RESOLVED,
                "environment resolved" + (digest == null ? "" : " (" + digest + ")"));
    }

    private static DesiredCondition environmentFrom(HpcJobStatus previous) {
        Optional<Condition> c = ConditionsView.find(
                previous == null ? null : previous.getConditions(), ConditionType.ENVIRONMENT_READY);
        return c.map(x -> new DesiredCondition(
                        ConditionType.ENVIRONMENT_READY, x.getStatus(), x.getReason(), x.getMessage()))
                .orElse(unknown(ConditionType.ENVIRONMENT_READY, Job.WAITING, "not resolved yet"));
    }

    private static String previousReason(HpcJobStatus previous, ConditionType type) {
        return ConditionsView.find(previous == null ? null : previous.getConditions(), type)
                .map(Condition::getReason)
                .orElse("");
    }

    private static ConditionType typeOf(String wire) {
        for (ConditionType t : ConditionType.values()) {
            if (t.wire().equals(wire)) {
                return t;
            }
        }
        return null;
    }

    /** The stored status as it is, for a reconcile that only adds what the nodes reported. */
    public HpcJobStatus unchanged(HpcJobStatus previous) {
        return base(previous, previous.getObservedGeneration());
    }

    /** The previous status's job facts, to be overwritten where this reconcile knows better. */
    private static HpcJobStatus base(HpcJobStatus previous, Long generation) {
        HpcJobStatus s = new HpcJobStatus();
        if (previous != null) {
            s.setPhase(previous.getPhase());
            s.setCluster(previous.getCluster());
            s.setSiteEnvironment(previous.getSiteEnvironment());
            s.setSlurmJobId(previous.getSlurmJobId());
            s.setSlurmState(previous.getSlurmState());
            s.setSlurmReason(previous.getSlurmReason());
            s.setNodes(new ArrayList<>(previous.getNodes()));
            s.setAttempts(previous.getAttempts());
            s.setSubmitTime(previous.getSubmitTime());
            s.setStartTime(previous.getStartTime());
            s.setEndTime(previous.getEndTime());
            s.setExitCode(previous.getExitCode());
            s.setSignal(previous.getSignal());
            s.setEnvironmentDigest(previous.getEnvironmentDigest());
            s.setMessage(previous.getMessage());
            s.setProgress(previous.getProgress());
            s.setOutputTail(previous.getOutputTail());
            s.setServices(new ArrayList<>(previous.getServices()));
            s.setArray(previous.getArray());
            s.setConditions(new ArrayList<>(previous.getConditions()));
        }
        s.setObservedGeneration(generation);
        return s;
    }

    private HpcJobStatus withConditions(HpcJobStatus s, HpcJobStatus previous, List<DesiredCondition> desired) {
        s.setConditions(ConditionMerger.merge(
                previous == null ? List.of() : previous.getConditions(),
                desired,
                clock.instant(),
                s.getObservedGeneration()));
        return s;
    }
}
