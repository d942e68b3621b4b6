package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.cache.InformerLookups;
import dev.hpcenv.operator.cache.ResourceLookups;
import dev.hpcenv.operator.cluster.ClusterConnection;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.cluster.UserMappings;
import dev.hpcenv.operator.errors.InternalErrors;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.status.StatusComparison;
import dev.hpcenv.operator.status.Timestamps;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.crd.common.ConditionReasons.Job;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import dev.hpcenv.slurm.SlurmException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles HpcJobs into Slurm jobs. Thin: it gathers the facts (caches, the cluster's latest
 * listing, this process's submit ledger), lets {@link JobDecision} choose, performs that one action
 * and writes the status the {@link HpcJobStatusFactory} builds. Slurm is never polled per job here:
 * the cluster-wide {@link ListingEventSource} wakes a job when its cluster's listing changes.
 */
// Every event, deletions included, comes to reconcile(): the finalizer is ours to add and remove, so
// that it is stored in the same reconcile that then submits (see FinalizerStep).
@ControllerConfiguration(name = HpcJobReconciler.NAME, triggerReconcilerOnAllEvents = true,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public final class HpcJobReconciler implements Reconciler<HpcJob> {

    public static final String NAME = "hpcjob";
    private static final Logger LOG = LoggerFactory.getLogger(HpcJobReconciler.class);

    private final ClusterRegistry registry;
    private final ClusterJobSync sync;
    private final JobSubmissionBuilder submissions;
    private final HpcJobStatusFactory statuses;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final DeniedUsers deniedUsers;
    private final UnreadableResources unreadable;
    private volatile ResourceLookups lookups;
    private volatile IndexerResourceCache<HpcJob> jobCache;
    private volatile HpcJobWrites writes;

    public HpcJobReconciler(ClusterRegistry registry, ClusterJobSync sync, JobSubmissionBuilder submissions,
                            EventRecorder events, OperatorMetrics metrics, Clock clock, DeniedUsers deniedUsers,
                            UnreadableResources unreadable) {
        this.deniedUsers = deniedUsers;
        this.unreadable = unreadable;
        this.registry = registry;
        this.sync = sync;
        this.submissions = submissions;
        this.statuses = new HpcJobStatusFactory(clock);
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** For tests that drive {@link #reconcile(HpcJob)} without an operator. */
    public HpcJobReconciler withLookups(ResourceLookups lookups) {
        this.lookups = lookups;
        return this;
    }

    @Override
    public List<EventSource<?, HpcJob>> prepareEventSources(EventSourceContext<HpcJob> context) {
        IndexerResourceCache<HpcJob> cache = context.getPrimaryCache();
        cache.addIndexers(JobIndexes.all());
        this.jobCache = cache;
        InformerEventSource<HpcEnvironment, HpcJob> environments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(HpcEnvironment.class, HpcJob.class)
                        .withSecondaryToPrimaryMapper(env -> ids(cache.byIndex(JobIndexes.BY_ENVIRONMENT,
                                JobIndexes.namespacedKey(env.getMetadata().getNamespace(), env.getMetadata().getName()))))
                        .build(), context);
        InformerEventSource<ClusterHpcEnvironment, HpcJob> clusterEnvironments = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(ClusterHpcEnvironment.class, HpcJob.class)
                        .withSecondaryToPrimaryMapper(env -> ids(cache.byIndex(JobIndexes.BY_ENVIRONMENT,
                                JobIndexes.clusterKey(env.getMetadata().getName()))))
                        .build(), context);
        InformerEventSource<SlurmCluster, HpcJob> clusters = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(SlurmCluster.class, HpcJob.class)
                        .withSecondaryToPrimaryMapper(c -> ids(cache.byIndex(JobIndexes.BY_CLUSTER, c.getMetadata().getName())))
                        // A cluster's status changes at every check (lastSyncTime); only a new spec or a
                        // change of Ready concerns its jobs, which may be many thousands.
                        .withOnUpdateFilter(JobIndexes::clusterChangeConcernsJobs)
                        .build(), context);
        ListingEventSource listings = new ListingEventSource(cache);
        sync.addListener(listings);
        this.lookups = new InformerLookups(environments, clusterEnvironments, clusters);
        metrics.jobsByPhase(this::phaseCounts);
        return List.of(environments, clusterEnvironments, clusters, listings);
    }

    private static Set<ResourceID> ids(List<HpcJob> jobs) {
        return jobs.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    /**
     * The UIDs of the HpcJobs in the informer cache, for the orphan collector's first look; empty until
     * the controller has its cache (then nothing can be called an orphan).
     */
    public Optional<Set<String>> cachedUids() {
        IndexerResourceCache<HpcJob> cache = jobCache;
        return cache == null ? Optional.empty()
                : Optional.of(cache.list().map(j -> j.getMetadata().getUid()).collect(Collectors.toSet()));
    }

    private Map<String, Long> phaseCounts() {
        IndexerResourceCache<HpcJob> cache = jobCache;
        Map<String, Long> counts = new TreeMap<>();
        if (cache != null) {
            cache.list().forEach(j -> counts.merge(j.getStatus() == null || j.getStatus().getPhase() == null
                    ? "Pending" : j.getStatus().getPhase().wire(), 1L, Long::sum));
        }
        return counts;
    }

    @Override
    public UpdateControl<HpcJob> reconcile(HpcJob job, Context<HpcJob> context) {
        if (context.isPrimaryResourceDeleted()) {
            // Gone from the API (our finalizer was removed, or it never had one): only this process's
            // memory of its submission is left to drop.
            Optional.ofNullable(job.getSpec()).map(HpcJobSpec::getClusterRef).flatMap(ref -> registry.get(ref.getName()))
                    .ifPresent(c -> c.ledger().forget(job.getMetadata().getUid()));
            unreadable.forget(job.getMetadata().getUid());
            return UpdateControl.noUpdate();
        }
        HpcJobWrites w = writes(context);
        return metrics.timeReconcile(NAME, clock, () -> guarded(job, w));
    }

    /**
     * Sorts what a reconcile throws: Slurm's and the Kubernetes API's failures go to the framework,
     * which retries with back-off ({@link #updateErrorStatus}); anything else is a defect of the
     * operator, which no retry soon will fix: it is logged once with its stack and shown as
     * {@code InternalError}, and the job is looked at again only at the slow resync.
     */
    UpdateControl<HpcJob> guarded(HpcJob job, HpcJobWrites w) {
        try {
            return reconcile(job, w);
        } catch (SlurmException | KubernetesClientException e) {
            throw e;
        } catch (RuntimeException e) {
            InternalErrors.report(LOG, "hpcjob=" + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName(),
                    e);
            HpcJobStatus before = job.getStatus();
            HpcJobStatus after = statuses.transientFailure(before, job.getMetadata().getGeneration(),
                    Job.INTERNAL_ERROR, InternalErrors.describe(e) + " (a defect of the operator, see its log; "
                            + "looked at again in " + InternalErrors.RETRY.toMinutes() + " minutes)");
            JobEvents.between(before, after).forEach(ev -> events.record(job, ev.type(), ev.reason(), ev.message()));
            job.setStatus(after);
            w.writeStatus(job);
            return UpdateControl.<HpcJob>noUpdate().rescheduleAfter(InternalErrors.RETRY);
        }
    }

    private HpcJobWrites writes(Context<HpcJob> context) {
        HpcJobWrites w = writes;
        if (w == null) {
            w = new ApiHpcJobWrites(context.getClient());
            writes = w;
        }
        return w;
    }

    /**
     * One reconcile with the finalizer handled and status-only changes written through
     * {@code writes}: the operator comes here; tests too, with a recording fake. The finalizer is
     * stored before {@link #reconcile(HpcJob)} can submit, in the same reconcile (see
     * {@link FinalizerStep}).
     */
    public UpdateControl<HpcJob> reconcile(HpcJob job, HpcJobWrites writes) {
        switch (FinalizerStep.of(job)) {
            case NOTHING:
                return UpdateControl.noUpdate();
            case CLEAN_UP:
                DeleteControl delete = cleanup(job);
                if (delete.isRemoveFinalizer()) {
                    writes.removeFinalizer(job);
                    return UpdateControl.noUpdate();
                }
                UpdateControl<HpcJob> retry = UpdateControl.noUpdate();
                delete.getScheduleDelay().ifPresent(retry::rescheduleAfter);
                return retry;
            case ADD_THEN_RECONCILE:
                // Throws when it fails: then nothing is submitted, and the framework retries.
                writes.addFinalizer(job);
                break;
            case RECONCILE:
            default:
                break;
        }
        UpdateControl<HpcJob> control = reconcile(job);
        if (control.isPatchStatus() && !control.isPatchResource()) {
            // Nearly every reconcile that writes changes only the status: one small JSON Patch.
            writes.writeStatus(job);
            return UpdateControl.noUpdate();
        }
        return control;
    }

    /** One reconcile of {@code job}, without the framework (the operator and tests both come here). */
    public UpdateControl<HpcJob> reconcile(HpcJob job) {
        HpcJobStatus before = job.getStatus();
        String uid = job.getMetadata().getUid();
        // The schema requires a spec, but a reconcile must never crash on stored data.
        HpcJobSpec spec = job.getSpec() == null ? new HpcJobSpec() : job.getSpec();
        Optional<ClusterConnection> connection = Optional.ofNullable(spec.getClusterRef())
                .flatMap(ref -> registry.get(ref.getName()));
        JobFacts facts = new JobFacts(uid, spec, before, RetiredJobs.of(job),
                unreadable.of(job).map(u -> List.of(u.problem())).orElseGet(() -> JobSpecValidator.problems(job.getSpec())),
                clusterView(job, spec, connection),
                new JobEnvironments(lookups).of(job.getMetadata(), spec),
                connection.flatMap(c -> c.ledger().submittedJob(uid)),
                connection.flatMap(c -> c.ledger().uncertainSince(uid)));
        JobAction action = JobDecision.decide(facts);
        Long generation = job.getMetadata().getGeneration();
        HpcJobStatus after;
        boolean patchMetadata = false;
        if (action instanceof JobAction.Keep) {
            return UpdateControl.noUpdate();
        } else if (action instanceof JobAction.Hold hold) {
            after = statuses.hold(before, generation, hold);
        } else if (action instanceof JobAction.Submit submit) {
            after = submit(job, connection.orElseThrow(), submit);
        } else if (action instanceof JobAction.Adopt adopt) {
            LOG.info("adopted: hpcjob={}/{} slurmJob={}", job.getMetadata().getNamespace(), job.getMetadata().getName(),
                    adopt.job().jobId());
            connection.orElseThrow().ledger().submitted(uid, adopt.job().jobId());
            after = statuses.observed(before, generation, adopt.job(), true, digestOf(facts), listingFailure(connection));
        } else if (action instanceof JobAction.Follow follow) {
            after = statuses.observed(before, generation, follow.job(), false, digestOf(facts), listingFailure(connection));
        } else if (action instanceof JobAction.AwaitListing) {
            after = statuses.awaiting(before, generation, listingFailure(connection));
        } else if (action instanceof JobAction.Lost lost) {
            after = statuses.lost(before, generation, lost.jobId());
        } else {
            JobAction.Suspend suspend = (JobAction.Suspend) action;
            JobCleanup.cancelAll(JobCleanup.cancelClient(connection.orElseThrow(), job, deniedUsers), suspend.cancel());
            RetiredJobs.add(job, suspend.retire());
            connection.get().ledger().forget(uid);
            after = statuses.suspended(before, generation, suspend);
            patchMetadata = true;
        }
        return finish(job, before, after, patchMetadata);
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
            submission = submissions.build(job, submit.environment(), submit.mapping(), connection.spec().getDefaults());
        } catch (SubmissionRefused e) {
            LOG.info("refused before submission: hpcjob={}/{} problem={}", job.getMetadata().getNamespace(),
                    job.getMetadata().getName(), e.problems().get(0));
            return statuses.hold(job.getStatus(), job.getMetadata().getGeneration(),
                    JobDecision.refused(e.problems(), submit.digest()));
        }
        try {
            jobId = client.submit(submission);
        } catch (SlurmException e) {
            if (e.outcomeUnknown()) {
                // The job may exist: only a listing started after this instant may allow another submit.
                connection.ledger().uncertain(uid, attempt);
            } else if (e.kind() == SlurmException.Kind.REJECTED) {
                LOG.info("rejected by Slurm: hpcjob={}/{} cluster={} error={}", job.getMetadata().getNamespace(),
                        job.getMetadata().getName(), connection.name(), e.getMessage());
                return statuses.rejected(job.getStatus(), job.getMetadata().getGeneration(), e.getMessage(),
                        submit.digest());
            }
            throw e;
        }
        // Recorded before the status write: if that fails, the retry follows this job instead of submitting again.
        connection.ledger().submitted(uid, jobId);
        Instant created = job.getMetadata().getCreationTimestamp() == null ? null
                : Timestamps.parse(job.getMetadata().getCreationTimestamp());
        if (created != null) {
            metrics.submitLatency(Duration.between(created, clock.instant()));
        }
        LOG.info("submitted: hpcjob={}/{} cluster={} slurmJob={}", job.getMetadata().getNamespace(),
                job.getMetadata().getName(), connection.name(), jobId);
        return statuses.submitted(job.getStatus(), job.getMetadata().getGeneration(), jobId, submit.digest());
    }

    private UpdateControl<HpcJob> finish(HpcJob job, HpcJobStatus before, HpcJobStatus after, boolean patchMetadata) {
        JobEvents.between(before, after).forEach(e -> events.record(job, e.type(), e.reason(), e.message()));
        if (!patchMetadata && StatusComparison.same(before, after)) {
            return UpdateControl.noUpdate();
        }
        job.setStatus(after);
        return patchMetadata ? UpdateControl.patchResourceAndStatus(job) : UpdateControl.patchStatus(job);
    }

    private ClusterView clusterView(HpcJob job, HpcJobSpec spec, Optional<ClusterConnection> connection) {
        if (spec.getClusterRef() == null) {
            return new ClusterView.Missing("(none)");
        }
        String name = spec.getClusterRef().getName();
        String namespace = job.getMetadata().getNamespace();
        if (connection.isPresent()) {
            ClusterConnection c = connection.get();
            Optional<UserMapping> mapping = c.mappingFor(namespace);
            Optional<String> denied = mapping.flatMap(m -> deniedUsers.refusal(c.slurmUserFor(m)));
            if (denied.isPresent()) {
                return new ClusterView.UserDenied(name, "maps namespace " + namespace + " to " + denied.get());
            }
            return new ClusterView.Connected(name, mapping, c.syncState().latest(), c.syncState().failure(),
                    mapping.map(c::slurmUserFor));
        }
        Optional<SlurmCluster> cluster = lookups.slurmCluster(name);
        if (cluster.isEmpty()) {
            return new ClusterView.Missing(name);
        }
        String why = cluster.get().getStatus() == null || cluster.get().getStatus().getMessage() == null
                ? "not connected yet" : cluster.get().getStatus().getMessage();
        Optional<UserMapping> mapping = UserMappings.forNamespace(cluster.get().getSpec(), namespace);
        Optional<String> denied = mapping.flatMap(m -> deniedUsers.refusal(m.getUser()));
        if (denied.isPresent()) {
            return new ClusterView.UserDenied(name, "maps namespace " + namespace + " to " + denied.get());
        }
        return new ClusterView.NotConnected(name, mapping, why);
    }

    private static Optional<dev.hpcenv.operator.sync.SyncState.Failure> listingFailure(Optional<ClusterConnection> c) {
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
            // Only what guarded() let through can come here (a failed status write of an internal error).
            reason = Job.INTERNAL_ERROR;
            message = InternalErrors.describe(e) + " (see the operator log)";
        }
        LOG.warn("reconcile failed: hpcjob={}/{} reason={} error={}", job.getMetadata().getNamespace(),
                job.getMetadata().getName(), reason, message);
        after = statuses.transientFailure(before, job.getMetadata().getGeneration(), reason, message + " (retried)");
        JobEvents.between(before, after).forEach(ev -> events.record(job, ev.type(), ev.reason(), ev.message()));
        job.setStatus(after);
        return ErrorStatusUpdateControl.patchStatus(job);
    }

    /** What the finalizer does when the HpcJob is deleted: see {@link JobCleanup}. */
    public DeleteControl cleanup(HpcJob job) {
        return new JobCleanup(registry, lookups, events, deniedUsers).cleanup(job);
    }
}
