package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.ConditionReasons.Job;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.cache.ResourceLookups;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.cluster.UserMappings;
import dev.hpcenv.operator.errors.InternalErrors;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.placement.ClusterPlacement;
import dev.hpcenv.operator.placement.Placement;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.status.StatusComparison;
import dev.hpcenv.operator.status.Timestamps;
import dev.hpcenv.operator.sync.SyncState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles HpcJobs into Slurm jobs. Thin: it gathers the facts (caches, the cluster's latest
 * listing, this process's submit ledger), lets {@link JobDecision} choose, performs that one action
 * and writes the status the {@link HpcJobStatusFactory} builds. Slurm is never polled per job here:
 * the cluster-wide {@link HpcJobListingEventSource} wakes a job when its cluster's listing changes
 * (the wiring is {@link HpcJobEventSources}).
 *
 * <p>The steps of one reconcile, in order: {@link #reconcile} (deleted from the API: forget it),
 * {@link #reconcileSortingFailures} (a defect becomes {@code InternalError}),
 * {@link #reconcileWithFinalizer} (the finalizer first; on deletion {@link #cancelOnDelete}, then the
 * finalizer goes),
 * {@link #decideAndAct} (facts, decision, action, status).
 */
// Every event, deletions included, comes to reconcile(): the finalizer is ours to add and remove, so
// that it is stored in the same reconcile that then submits (see FinalizerStep).
@ControllerConfiguration(
        name = HpcJobReconciler.NAME,
        triggerReconcilerOnAllEvents = true,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public final class HpcJobReconciler implements Reconciler<HpcJob> {

    public static final String NAME = "hpcjob";
    private static final Logger LOG = LoggerFactory.getLogger(HpcJobReconciler.class);

    private final HpcJobEventSources eventSources;
    private final ResourceLookups lookups;
    private final HpcJobWrites writes;
    private final ClusterRegistry registry;
    private final JobSubmissionBuilder submissions;
    private final HpcJobStatusFactory statuses;
    private final JobCleanup cleanup;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final DeniedUsers deniedUsers;
    private final UnreadableResources unreadable;
    private final NodeProgress progress;

    /**
     * @param eventSources what wakes HpcJobs (prepared by java-operator-sdk)
     * @param lookups      where the reconcile reads SlurmClusters and environments: in the operator the
     *                     caches of {@code eventSources}, in unit tests maps
     * @param writes       the finalizer and status writes the reconcile makes itself
     * @param progress     what the nodes reported (image pull, tasks, output tail), put into each status written
     */
    public HpcJobReconciler(
            HpcJobEventSources eventSources,
            ResourceLookups lookups,
            HpcJobWrites writes,
            ClusterRegistry registry,
            JobSubmissionBuilder submissions,
            EventRecorder events,
            OperatorMetrics metrics,
            Clock clock,
            DeniedUsers deniedUsers,
            UnreadableResources unreadable,
            NodeProgress progress) {
        this.progress = progress;
        this.eventSources = eventSources;
        this.lookups = lookups;
        this.writes = writes;
        this.registry = registry;
        this.submissions = submissions;
        this.statuses = new HpcJobStatusFactory(clock);
        this.cleanup = new JobCleanup(registry, lookups, events, deniedUsers);
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.deniedUsers = deniedUsers;
        this.unreadable = unreadable;
    }

    @Override
    public List<EventSource<?, HpcJob>> prepareEventSources(EventSourceContext<HpcJob> context) {
        return eventSources.prepare(context);
    }

    /** The one entry: java-operator-sdk calls it for every event of an HpcJob, deletions included. */
    @Override
    public UpdateControl<HpcJob> reconcile(HpcJob job, Context<HpcJob> context) {
        if (context.isPrimaryResourceDeleted()) {
            forgetDeleted(job);
            return UpdateControl.noUpdate();
        }
        return metrics.timeReconcile(NAME, clock, () -> reconcileSortingFailures(job));
    }

    /**
     * Gone from the API (our finalizer was removed, or it never had one): only this process's memory
     * of its submission is left to drop.
     */
    private void forgetDeleted(HpcJob job) {
        PlacedCluster.of(job)
                .flatMap(registry::get)
                .ifPresent(c -> c.ledger().forget(job.getMetadata().getUid()));
        unreadable.forget(job.getMetadata().getUid());
        progress.forget(job.getMetadata().getUid());
    }

    /**
     * Sorts what a reconcile throws: Slurm's and the Kubernetes API's failures go to the framework,
     * which retries with back-off ({@link #updateErrorStatus}); anything else is a defect of the
     * operator, which no retry soon will fix: it is logged once with its stack and shown as
     * {@code InternalError}, and the job is looked at again only at the slow resync.
     */
    UpdateControl<HpcJob> reconcileSortingFailures(HpcJob job) {
        try {
            return reconcileWithFinalizer(job);
        } catch (SlurmException | KubernetesClientException e) {
            throw e;
        } catch (RuntimeException e) {
            InternalErrors.report(
                    LOG,
                    "hpcjob=" + job.getMetadata().getNamespace() + "/"
                            + job.getMetadata().getName(),
                    e);
            HpcJobStatus before = job.getStatus();
            HpcJobStatus after = statuses.transientFailure(
                    before,
                    job.getMetadata().getGeneration(),
                    Job.INTERNAL_ERROR,
                    InternalErrors.describe(e) + " (a defect of the operator, see its log; " + "looked at again in "
                            + InternalErrors.RETRY.toMinutes() + " minutes)");
            recordEvents(job, before, after);
            job.setStatus(after);
            writes.writeStatus(job);
            return UpdateControl.<HpcJob>noUpdate().rescheduleAfter(InternalErrors.RETRY);
        }
    }

    /**
     * The finalizer is stored before {@link #decideAndAct} can submit, in the same reconcile (see
     * {@link FinalizerStep}); a status-only change is written here as one small JSON Patch.
     */
    UpdateControl<HpcJob> reconcileWithFinalizer(HpcJob job) {
        return switch (FinalizerStep.of(job)) {
            case NOTHING -> UpdateControl.noUpdate();
            case CLEAN_UP -> releaseAfterCancel(job);
            case ADD_THEN_RECONCILE -> {
                // Throws when it fails: then nothing is submitted, and the framework retries.
                writes.addFinalizer(job);
                yield decideActAndWriteStatus(job);
            }
            case RECONCILE -> decideActAndWriteStatus(job);
        };
    }

    /** The HpcJob is being deleted: its finalizer goes once its Slurm jobs are cancelled. */
    private UpdateControl<HpcJob> releaseAfterCancel(HpcJob job) {
        DeleteControl delete = cancelOnDelete(job);
        if (delete.isRemoveFinalizer()) {
            writes.removeFinalizer(job);
            return UpdateControl.noUpdate();
        }
        UpdateControl<HpcJob> retry = UpdateControl.noUpdate();
        delete.getScheduleDelay().ifPresent(retry::rescheduleAfter);
        return retry;
    }

    private UpdateControl<HpcJob> decideActAndWriteStatus(HpcJob job) {
        UpdateControl<HpcJob> control = decideAndAct(job);
        if (control.isPatchStatus() && !control.isPatchResource()) {
            // Nearly every reconcile that writes changes only the status: one small JSON Patch.
            writes.writeStatus(job);
            UpdateControl<HpcJob> next = UpdateControl.noUpdate();
            control.getScheduleDelay().ifPresent(next::rescheduleAfter);
            return next;
        }
        return control;
    }

    /** Gathers the facts, lets {@link JobDecision} choose one action and performs it. */
    UpdateControl<HpcJob> decideAndAct(HpcJob job) {
        // The schema requires a spec, but a reconcile must never crash on stored data.
        HpcJobSpec spec = job.getSpec() == null ? new HpcJobSpec() : job.getSpec();
        Placement placement = placementOf(job, spec);
        Optional<String> cluster = placement instanceof Placement.On on ? Optional.of(on.cluster()) : Optional.empty();
        Optional<ClusterConnection> connection = cluster.flatMap(registry::get);
        JobFacts facts = factsOf(job, spec, placement, connection);
        return JobDecision.decide(facts).accept(new Performer(job, facts, placement, connection));
    }

    /** Where the job runs: kept in status.cluster once chosen (see {@link ClusterPlacement}). */
    private Placement placementOf(HpcJob job, HpcJobSpec spec) {
        String uid = job.getMetadata().getUid();
        HpcJobStatus status = job.getStatus();
        String recorded = status == null ? null : status.getCluster();
        boolean submitted = (status != null && status.getSlurmJobId() != null)
                || !RetiredJobs.of(job).isEmpty()
                || (recorded != null
                        && registry.get(recorded)
                                .map(c -> c.ledger().submittedJob(uid).isPresent()
                                        || c.ledger().uncertainSince(uid).isPresent())
                                .orElse(false));
        return ClusterPlacement.place(
                spec.getClusterRef(),
                recorded,
                submitted,
                job.getMetadata().getNamespace(),
                spec.getClusterRef() == null || spec.getClusterRef().getName() != null
                        ? List.of()
                        : lookups.slurmClusters(),
                deniedUsers::refusal);
    }

    private JobFacts factsOf(HpcJob job, HpcJobSpec spec, Placement placement, Optional<ClusterConnection> connection) {
        String uid = job.getMetadata().getUid();
        Optional<SlurmCluster> placed =
                placement instanceof Placement.On on ? lookups.slurmCluster(on.cluster()) : Optional.empty();
        return new JobFacts(
                uid,
                spec,
                job.getStatus(),
                RetiredJobs.of(job),
                unreadable
                        .of(job)
                        .map(u -> List.of(u.problem()))
                        .orElseGet(() -> JobSpecValidator.problems(job.getSpec())),
                clusterView(job, placement, connection),
                new JobEnvironments(lookups).of(job.getMetadata(), spec, placed),
                connection.flatMap(c -> c.ledger().submittedJob(uid)),
                connection.flatMap(c -> c.ledger().uncertainSince(uid)),
                dependencies(job, spec));
    }

    /** What spec.dependsOn allows now, from the cached HpcJobs of the namespace. */
    private DependencyPlan.Outcome dependencies(HpcJob job, HpcJobSpec spec) {
        if (spec.getDependsOn().isEmpty()) {
            return new DependencyPlan.Ready(null);
        }
        String namespace = job.getMetadata().getNamespace();
        return DependencyPlan.of(
                job.getMetadata().getName(),
                spec.getClusterRef() == null ? "" : spec.getClusterRef().getName(),
                spec.getDependsOn(),
                name -> lookups.hpcJob(namespace, name).map(HpcJobReconciler::asDependency));
    }

    private static DependencyPlan.Other asDependency(HpcJob other) {
        HpcJobSpec spec = other.getSpec() == null ? new HpcJobSpec() : other.getSpec();
        HpcJobStatus status = other.getStatus() == null ? new HpcJobStatus() : other.getStatus();
        return new DependencyPlan.Other(
                other.getMetadata().getName(),
                spec.getClusterRef() == null ? null : spec.getClusterRef().getName(),
                status.getPhase(),
                status.getSlurmJobId(),
                spec.getDependsOn().stream()
                        .map(dev.hpcenv.crd.v1alpha1.JobDependency::getName)
                        .toList());
    }

    /**
     * Performs one action on one HpcJob and returns what to write. The decision chose every action but
     * Keep and Hold only with a connected cluster, hence {@code connection.orElseThrow()} there.
     */
    private final class Performer implements JobAction.Handler<UpdateControl<HpcJob>> {
        private final HpcJob job;
        private final JobFacts facts;
        private final Placement placement;
        private final Optional<ClusterConnection> connection;
        private final HpcJobStatus before;
        private final Long generation;

        Performer(HpcJob job, JobFacts facts, Placement placement, Optional<ClusterConnection> connection) {
            this.job = job;
            this.facts = facts;
            this.placement = placement;
            this.connection = connection;
            this.before = job.getStatus();
            this.generation = job.getMetadata().getGeneration();
        }

        @Override
        public UpdateControl<HpcJob> keep(JobAction.Keep keep) {
            // Nothing of Slurm's changed; what the nodes reported may have.
            return before == null ? UpdateControl.noUpdate() : finish(job, before, statuses.unchanged(before), false);
        }

        @Override
        public UpdateControl<HpcJob> hold(JobAction.Hold hold) {
            return finishPlaced(before, statuses.hold(before, generation, hold), false);
        }

        @Override
        public UpdateControl<HpcJob> submit(JobAction.Submit submit) {
            if (placement instanceof Placement.On on && on.chosen() && !on.recorded()) {
                // A choice among several clusters is stored before the submit: after a restart the job must
                // look for its Slurm job on this cluster, not choose another and submit twice.
                HpcJobStatus placed =
                        statuses.hold(before, generation, JobDecision.placed(on.cluster(), submit.digest()));
                return finishPlaced(before, placed, false).rescheduleAfter(1);
            }
            return finishPlaced(before, HpcJobReconciler.this.submit(job, connection.orElseThrow(), submit), false);
        }

        @Override
        public UpdateControl<HpcJob> adopt(JobAction.Adopt adopt) {
            LOG.info(
                    "adopted: hpcjob={}/{} slurmJob={}",
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getName(),
                    adopt.job().jobId());
            connection.orElseThrow().ledger().submitted(facts.uid(), adopt.job().jobId());
            return finish(
                    job,
                    before,
                    withArray(
                            statuses.observed(
                                    before, generation, adopt.job(), true, digestOf(facts), listingFailure(connection)),
                            adopt.array()),
                    false);
        }

        @Override
        public UpdateControl<HpcJob> dependencyFailed(JobAction.DependencyFailed failed) {
            if (failed.cancel() != null) {
                // Throws when slurmrestd fails: the status stays as it is and the framework retries the cancel.
                JobCleanup.cancelAll(
                        JobCleanup.cancelClient(connection.orElseThrow(), job, deniedUsers), Set.of(failed.cancel()));
                LOG.info(
                        "dependency failed, cancelled: hpcjob={}/{} slurmJob={}",
                        job.getMetadata().getNamespace(),
                        job.getMetadata().getName(),
                        failed.cancel());
            }
            return finish(job, before, statuses.dependencyFailed(before, generation, failed.message()), false);
        }

        @Override
        public UpdateControl<HpcJob> follow(JobAction.Follow follow) {
            return finish(
                    job,
                    before,
                    withArray(
                            statuses.observed(
                                    before,
                                    generation,
                                    follow.job(),
                                    false,
                                    digestOf(facts),
                                    listingFailure(connection),
                                    follow.downNodes()),
                            follow.array()),
                    false);
        }

        @Override
        public UpdateControl<HpcJob> awaitListing(JobAction.AwaitListing await) {
            return finishPlaced(before, statuses.awaiting(before, generation, listingFailure(connection)), false);
        }

        @Override
        public UpdateControl<HpcJob> lost(JobAction.Lost lost) {
            return finishPlaced(before, statuses.lost(before, generation, lost.jobId()), false);
        }

        @Override
        public UpdateControl<HpcJob> requeuedTooOften(JobAction.RequeuedTooOften requeued) {
            ClusterConnection c = connection.orElseThrow();
            long id = requeued.job().jobId();
            // Throws when slurmrestd fails: the status stays as it is and the framework retries the cancel.
            JobCleanup.cancelAll(JobCleanup.cancelClient(c, job, deniedUsers), Set.of(id));
            LOG.info(
                    "requeued too often, cancelled: hpcjob={}/{} slurmJob={} restarts={} allowed={}",
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getName(),
                    id,
                    requeued.job().restartCount(),
                    requeued.allowed());
            return finishPlaced(before, statuses.requeuedTooOften(before, generation, requeued), false);
        }

        @Override
        public UpdateControl<HpcJob> suspend(JobAction.Suspend suspend) {
            ClusterConnection c = connection.orElseThrow();
            JobCleanup.cancelAll(JobCleanup.cancelClient(c, job, deniedUsers), suspend.cancel());
            RetiredJobs.add(job, suspend.retire());
            c.ledger().forget(facts.uid());
            // The retired jobs are an annotation: metadata and status are patched together.
            return finishPlaced(before, statuses.suspended(before, generation, suspend), true);
        }

        /** Adds where the job runs (status.cluster, status.siteEnvironment) to the status, then finishes. */
        private UpdateControl<HpcJob> finishPlaced(HpcJobStatus before, HpcJobStatus after, boolean patchMetadata) {
            boolean wasSubmitted = before != null && before.getSlurmJobId() != null;
            if (placement instanceof Placement.On on) {
                boolean ended = after.getPhase() != null && after.getPhase().isTerminal();
                if (facts.cluster() instanceof ClusterView.Missing && !wasSubmitted) {
                    // Not there (yet): no stale choice may keep the job from waking when it appears.
                    after.setCluster(null);
                } else if (!ended) {
                    after.setCluster(on.cluster());
                    if (on.chosen() && !on.cluster().equals(before == null ? null : before.getCluster())) {
                        events.record(
                                job,
                                EventRecorder.Type.Normal,
                                Job.PLACED,
                                "placed on SlurmCluster " + on.cluster()
                                        + ", the first of spec.clusterRef that is Ready and maps the namespace");
                    }
                }
            } else {
                // Only an unsubmitted job is unplaced (ClusterPlacement keeps a submitted job's cluster): an
                // earlier choice the spec no longer offers goes, so that the job wakes for every candidate.
                after.setCluster(null);
            }
            if (!wasSubmitted) {
                // A submitted job keeps the site layer it was submitted with.
                after.setSiteEnvironment(facts.environment() instanceof EnvironmentView.Ready r ? r.site() : null);
            }
            return finish(job, before, after, patchMetadata);
        }
    }

    /** A job array's status: its counts, and the message that sums them up. */
    private static HpcJobStatus withArray(HpcJobStatus status, ArraySummary array) {
        if (array != null) {
            status.setArray(array.status());
            status.setMessage(status.getMessage() + "; " + array.describe());
        }
        return status;
    }

    private HpcJobStatus submit(HpcJob job, ClusterConnection connection, JobAction.Submit submit) {
        String uid = job.getMetadata().getUid();
        String user = connection.slurmUserFor(submit.mapping());
        // The decision refused such a mapping already; this is the last gate before Slurm.
        deniedUsers.refusal(user).ifPresent(why -> {
            throw new IllegalStateException("refusing to submit as a denied user: " + why);
        });
        SlurmClient client = connection.clientFor(user);
        Instant attempt = clock.instant();
        long jobId;
        JobSubmission submission;
        try {
            submission = submissions.build(
                    job,
                    submit.environment(),
                    submit.serviceEnvironments(),
                    submit.mapping(),
                    connection.spec().getDefaults(),
                    connection.spec().getLogs(),
                    submit.dependency());
        } catch (SubmissionRefused e) {
            LOG.info(
                    "refused before submission: hpcjob={}/{} problem={}",
                    job.getMetadata().getNamespace(),
                    job.getMetadata().getName(),
                    e.problems().get(0));
            return statuses.hold(
                    job.getStatus(),
                    job.getMetadata().getGeneration(),
                    JobDecision.refused(e.problems(), submit.digest()));
        }
        try {
            jobId = client.submit(submission);
        } catch (SlurmException e) {
            if (e.outcomeUnknown()) {
                // The job may exist: only a listing started after this instant may allow another submit.
                connection.ledger().uncertain(uid, attempt);
            } else if (e.kind() == SlurmException.Kind.REJECTED) {
                LOG.info(
                        "rejected by Slurm: hpcjob={}/{} cluster={} error={}",
                        job.getMetadata().getNamespace(),
                        job.getMetadata().getName(),
                        connection.name(),
                        e.getMessage());
                if (ArrayRefusal.is(job.getSpec(), e)) {
                    return statuses.arrayRefused(
                            job.getStatus(),
                            job.getMetadata().getGeneration(),
                            ArrayRefusal.message(job.getSpec(), e.getMessage()),
                            submit.digest());
                }
                return statuses.rejected(
                        job.getStatus(), job.getMetadata().getGeneration(), e.getMessage(), submit.digest());
            }
            throw e;
        }
        // Recorded before the status write: if that fails, the retry follows this job instead of submitting again.
        connection.ledger().submitted(uid, jobId);
        Instant created = job.getMetadata().getCreationTimestamp() == null
                ? null
                : Timestamps.parse(job.getMetadata().getCreationTimestamp());
        if (created != null) {
            metrics.submitLatency(Duration.between(created, clock.instant()));
        }
        LOG.info(
                "submitted: hpcjob={}/{} cluster={} slurmJob={}",
                job.getMetadata().getNamespace(),
                job.getMetadata().getName(),
                connection.name(),
                jobId);
        return statuses.submitted(job.getStatus(), job.getMetadata().getGeneration(), jobId, submit.digest());
    }

    private UpdateControl<HpcJob> finish(HpcJob job, HpcJobStatus before, HpcJobStatus after, boolean patchMetadata) {
        progress.apply(job.getMetadata().getUid(), after);
        ServicesHealth.apply(job.getSpec(), before, after, clock.instant());
        recordEvents(job, before, after);
        if (!patchMetadata && StatusComparison.same(before, after)) {
            return UpdateControl.noUpdate();
        }
        job.setStatus(after);
        return patchMetadata ? UpdateControl.patchResourceAndStatus(job) : UpdateControl.patchStatus(job);
    }

    private void recordEvents(HpcJob job, HpcJobStatus before, HpcJobStatus after) {
        JobEvents.between(before, after).forEach(e -> events.record(job, e.type(), e.reason(), e.message()));
    }

    private ClusterView clusterView(HpcJob job, Placement placement, Optional<ClusterConnection> connection) {
        if (placement instanceof Placement.NoneReady none) {
            return new ClusterView.NoneReady(none.message());
        }
        if (!(placement instanceof Placement.On on)) {
            return new ClusterView.Missing("(none)");
        }
        String name = on.cluster();
        String namespace = job.getMetadata().getNamespace();
        if (connection.isPresent()) {
            ClusterConnection c = connection.get();
            Optional<UserMapping> mapping = c.mappingFor(namespace);
            Optional<String> denied = mapping.flatMap(m -> deniedUsers.refusal(c.slurmUserFor(m)));
            if (denied.isPresent()) {
                return new ClusterView.UserDenied(name, "maps namespace " + namespace + " to " + denied.get());
            }
            return new ClusterView.Connected(
                    name, mapping, c.syncState().latest(), c.syncState().failure(), mapping.map(c::slurmUserFor));
        }
        Optional<SlurmCluster> cluster = lookups.slurmCluster(name);
        if (cluster.isEmpty()) {
            return new ClusterView.Missing(name);
        }
        String why =
                cluster.get().getStatus() == null || cluster.get().getStatus().getMessage() == null
                        ? "not connected yet"
                        : cluster.get().getStatus().getMessage();
        Optional<UserMapping> mapping = UserMappings.forNamespace(cluster.get().getSpec(), namespace);
        Optional<String> denied = mapping.flatMap(m -> deniedUsers.refusal(m.getUser()));
        if (denied.isPresent()) {
            return new ClusterView.UserDenied(name, "maps namespace " + namespace + " to " + denied.get());
        }
        return new ClusterView.NotConnected(name, mapping, why);
    }

    private static Optional<SyncState.Failure> listingFailure(Optional<ClusterConnection> c) {
        return c.flatMap(x -> x.syncState().failure());
    }

    private static String digestOf(JobFacts facts) {
        return facts.environment() instanceof EnvironmentView.Ready r ? r.digest() : null;
    }

    /**
     * A failure a retry may fix (slurmrestd away, timeout, an ambiguous submit) becomes an Unknown
     * condition and is retried with the framework's back-off. Rejections never get here: they are
     * returned as status by {@link #submit}.
     */
    @Override
    public ErrorStatusUpdateControl<HpcJob> updateErrorStatus(HpcJob job, Context<HpcJob> context, Exception e) {
        HpcJobStatus before = job.getStatus();
        HpcJobStatus after;
        String reason;
        String message;
        if (e instanceof SlurmException) {
            reason = Job.CLUSTER_UNREACHABLE;
            message = e.getMessage();
        } else if (e instanceof KubernetesClientException k) {
            reason = Job.API_ERROR;
            message = "the Kubernetes API answered " + k.getCode() + ": " + InternalErrors.firstLine(k.getMessage());
        } else {
            // Only what reconcileSortingFailures() let through can come here (a failed status write of an internal
            // error).
            reason = Job.INTERNAL_ERROR;
            message = InternalErrors.describe(e) + " (see the operator log)";
        }
        LOG.warn(
                "reconcile failed: hpcjob={}/{} reason={} error={}",
                job.getMetadata().getNamespace(),
                job.getMetadata().getName(),
                reason,
                message);
        after = statuses.transientFailure(before, job.getMetadata().getGeneration(), reason, message + " (retried)");
        recordEvents(job, before, after);
        job.setStatus(after);
        return ErrorStatusUpdateControl.patchStatus(job);
    }

    /** What the finalizer does when the HpcJob is deleted: see {@link JobCleanup}. */
    DeleteControl cancelOnDelete(HpcJob job) {
        return cleanup.cleanup(job);
    }
}
