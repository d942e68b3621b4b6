package dev.hpcenv.operator;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.SecretReader;
import dev.hpcenv.operator.cluster.SlurmClientFactory;
import dev.hpcenv.operator.cluster.SlurmClusterReconciler;
import dev.hpcenv.operator.environment.ClusterHpcEnvironmentReconciler;
import dev.hpcenv.operator.environment.EnvironmentEventSources;
import dev.hpcenv.operator.environment.HpcEnvironmentReconciler;
import dev.hpcenv.operator.events.AsyncEventRecorder;
import dev.hpcenv.operator.events.KubernetesEventRecorder;
import dev.hpcenv.operator.health.ProbeServer;
import dev.hpcenv.operator.job.HpcJobEventSources;
import dev.hpcenv.operator.job.HpcJobReconciler;
import dev.hpcenv.operator.job.JobSubmissionBuilder;
import dev.hpcenv.operator.job.JsonPatchHpcJobWrites;
import dev.hpcenv.operator.job.LogShipping;
import dev.hpcenv.operator.job.NodeProgress;
import dev.hpcenv.operator.logs.JobLogs;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.orphans.ApiHpcJobDirectory;
import dev.hpcenv.operator.orphans.ConnectionCanceller;
import dev.hpcenv.operator.orphans.Installation;
import dev.hpcenv.operator.orphans.OrphanCollector;
import dev.hpcenv.operator.orphans.OrphanSettings;
import dev.hpcenv.operator.reading.TolerantReading;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.sync.ClusterJobSync;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires the four reconcilers, the cluster registry, the job sync, events,
 * metrics and probes around one Kubernetes client, and starts them. {@link OperatorMain} and the
 * tests both build the operator here, so tests run exactly what ships.
 */
public final class HpcenvOperator implements AutoCloseable {

    private final Operator operator;
    private final ClusterJobSync sync;
    private final ClusterRegistry registry;
    private final AsyncEventRecorder events;
    private final OperatorMetrics metrics;
    private final ProbeServer probes;
    private final KubernetesClient client;
    private final Optional<JobLogs> logs;
    /** Set before the operator stops: giving the lease up then is no reason to exit. */
    private final AtomicBoolean closing;

    private static final Logger LOG = LoggerFactory.getLogger(HpcenvOperator.class);
    /** Events waiting to be written; beyond this a burst drops Events rather than slowing reconciles. */
    private static final int EVENT_QUEUE = 10_000;

    private HpcenvOperator(
            Operator operator,
            ClusterJobSync sync,
            ClusterRegistry registry,
            AsyncEventRecorder events,
            OperatorMetrics metrics,
            ProbeServer probes,
            AtomicBoolean closing,
            KubernetesClient client,
            Optional<JobLogs> logs) {
        this.client = client;
        this.logs = logs;
        this.closing = closing;
        this.operator = operator;
        this.sync = sync;
        this.registry = registry;
        this.events = events;
        this.metrics = metrics;
        this.probes = probes;
    }

    /**
     * Starts the operator against the API of {@code callerClient}; the caller keeps ownership of it.
     * The operator talks through a client of its own with the same configuration, which reads the
     * operator's kinds tolerantly (see {@link TolerantReading}): an object that does not fit the
     * model is marked, and every other one goes on.
     */
    public static HpcenvOperator start(
            KubernetesClient callerClient, SlurmClientFactory slurm, OperatorConfig config, Clock clock) {
        return start(callerClient, slurm, config, OrphanSettings.defaults(), clock);
    }

    /** The same, with how Slurm jobs are marked and orphans collected. */
    public static HpcenvOperator start(
            KubernetesClient callerClient,
            SlurmClientFactory slurm,
            OperatorConfig config,
            OrphanSettings orphans,
            Clock clock) {
        UnreadableResources unreadable = new UnreadableResources();
        KubernetesClient client = TolerantReading.client(callerClient, unreadable);
        Installation installation = Installation.resolve(client, orphans);
        OperatorMetrics metrics = new OperatorMetrics();
        AtomicBoolean closing = new AtomicBoolean();
        ClusterJobSync sync = new ClusterJobSync(clock, metrics::listing);
        ClusterRegistry registry = new ClusterRegistry(sync);
        AsyncEventRecorder events = new AsyncEventRecorder(new KubernetesEventRecorder(client, clock), EVENT_QUEUE);
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // Patches, not server-side apply: one writer per status, UID preconditions (operator/README.md,
                    // "Writes").
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads());
            config.leaderElection()
                    .ifPresent(le -> o.withLeaderElectionConfiguration(
                            LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(OperatorConfig.LEASE_NAME)
                                    .withLeaseNamespace(le.namespace())
                                    .withIdentity(le.identity())
                                    .withLeaseDuration(le.leaseDuration())
                                    .withRenewDeadline(le.renewDeadline())
                                    .withRetryPeriod(le.retryPeriod())
                                    // JOSDK's own exit calls System.exit also when our close() gives the lease up
                                    // during a
                                    // SIGTERM, which deadlocks with the shutdown hook that waits for that close (30 s
                                    // hang).
                                    .withExitOnStopLeading(false)
                                    .withLeaderCallbacks(
                                            new LeaderCallbacks(() -> {}, () -> lostLease(closing), leader -> {}))
                                    .build()));
        });
        operator.register(new SlurmClusterReconciler(
                registry,
                sync,
                SecretReader.of(client),
                slurm,
                events,
                metrics,
                clock,
                config.deniedUsers(),
                unreadable));
        EnvironmentEventSources<ClusterHpcEnvironment> clusterEnvironments =
                EnvironmentEventSources.ofClusterHpcEnvironments();
        operator.register(new ClusterHpcEnvironmentReconciler(
                clusterEnvironments, clusterEnvironments, events, metrics, clock, unreadable));
        EnvironmentEventSources<HpcEnvironment> environments = EnvironmentEventSources.ofHpcEnvironments();
        operator.register(new HpcEnvironmentReconciler(environments, environments, events, metrics, clock, unreadable));
        HpcJobEventSources jobs = new HpcJobEventSources(sync);
        Optional<JobLogs> logs;
        try {
            logs = JobLogs.start(config.logs(), config.logApi(), client, jobs, clock);
        } catch (RuntimeException e) {
            registry.close();
            sync.close();
            events.close();
            client.close();
            throw e;
        }
        operator.register(new HpcJobReconciler(
                jobs,
                jobs,
                new JsonPatchHpcJobWrites(client),
                registry,
                new JobSubmissionBuilder(
                        config.batchWorkdir(),
                        installation.id(),
                        logs.map(JobLogs::shipping).orElse(LogShipping.NONE)),
                events,
                metrics,
                clock,
                config.deniedUsers(),
                unreadable,
                logs.map(JobLogs::progress).orElse(NodeProgress.NONE)));
        metrics.jobsByPhase(jobs::phaseCounts);
        collectOrphans(installation, orphans, jobs, client, registry, sync, events, metrics, clock);
        ProbeServer probes = null;
        try {
            operator.start();
            if (config.httpPort() >= 0) {
                probes = ProbeServer.start(
                        config.httpPort(),
                        config.httpLoopbackOnly(),
                        () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                        () -> operator.getRuntimeInfo().isStarted(),
                        metrics::scrape);
            }
        } catch (RuntimeException e) {
            closing.set(true);
            operator.stop();
            logs.ifPresent(JobLogs::close);
            registry.close();
            sync.close();
            events.close();
            client.close();
            throw e;
        }
        return new HpcenvOperator(operator, sync, registry, events, metrics, probes, closing, client, logs);
    }

    private static void collectOrphans(
            Installation installation,
            OrphanSettings orphans,
            HpcJobEventSources jobs,
            KubernetesClient client,
            ClusterRegistry registry,
            ClusterJobSync sync,
            AsyncEventRecorder events,
            OperatorMetrics metrics,
            Clock clock) {
        if (installation.known().isEmpty()) {
            return;
        }
        if (orphans.grace().isEmpty()) {
            LOG.info(
                    "installation id {} ({}); orphaned Slurm jobs are not cancelled ({}=off)",
                    installation.id(),
                    installation.source(),
                    OrphanSettings.GRACE_SECONDS);
            return;
        }
        LOG.info(
                "installation id {} ({}); Slurm jobs with its mark whose HpcJob is gone are cancelled after {} s",
                installation.id(),
                installation.source(),
                orphans.grace().get().toSeconds());
        sync.addListener(new OrphanCollector(
                installation.id(),
                orphans.grace().get(),
                jobs::cachedUids,
                new ApiHpcJobDirectory(client),
                new ConnectionCanceller(registry),
                events,
                metrics::orphanCancelled,
                clock));
    }

    /**
     * The lease was lost while running (renewals failed, another replica took it): this replica must
     * stop reconciling at once, so the process exits and its Deployment restarts it as a follower.
     * From a thread of its own, so that the orderly stop the exit starts can finish.
     */
    private static void lostLease(AtomicBoolean closing) {
        if (closing.get()) {
            return;
        }
        LOG.error("lost the lease {}: exiting, so that only the leader reconciles", OperatorConfig.LEASE_NAME);
        Thread exit = new Thread(() -> System.exit(1), "hpcenv-operator-lost-lease");
        exit.start();
    }

    public OperatorMetrics metrics() {
        return metrics;
    }

    /** The port of /healthz, /readyz and /metrics, when they are served. */
    public Optional<Integer> probePort() {
        return Optional.ofNullable(probes).map(ProbeServer::port);
    }

    @Override
    public void close() {
        closing.set(true);
        if (probes != null) {
            probes.close();
        }
        operator.stop();
        logs.ifPresent(JobLogs::close);
        sync.close();
        registry.close();
        events.close();
        client.close();
    }

    /** The job-log parts, when a log volume is configured. */
    public Optional<JobLogs> logs() {
        return logs;
    }
}
