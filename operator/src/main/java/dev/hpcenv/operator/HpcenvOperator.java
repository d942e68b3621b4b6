package dev.hpcenv.operator;

import dev.hpcenv.operator.cluster.ClusterRegistry;
import dev.hpcenv.operator.cluster.SecretReader;
import dev.hpcenv.operator.cluster.SlurmClientFactory;
import dev.hpcenv.operator.cluster.SlurmClusterReconciler;
import dev.hpcenv.operator.environment.ClusterHpcEnvironmentReconciler;
import dev.hpcenv.operator.environment.HpcEnvironmentReconciler;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.events.KubernetesEventRecorder;
import dev.hpcenv.operator.health.ProbeServer;
import dev.hpcenv.operator.job.HpcJobReconciler;
import dev.hpcenv.operator.job.JobSubmissionBuilder;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.sync.ClusterJobSync;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.util.Optional;

/**
 * The composition root: wires the four reconcilers, the cluster registry, the job sync, events,
 * metrics and probes around one Kubernetes client, and starts them. {@link OperatorMain} and the
 * tests both build the operator here, so tests run exactly what ships.
 */
public final class HpcenvOperator implements AutoCloseable {

    private final Operator operator;
    private final ClusterJobSync sync;
    private final ClusterRegistry registry;
    private final OperatorMetrics metrics;
    private final ProbeServer probes;

    private HpcenvOperator(Operator operator, ClusterJobSync sync, ClusterRegistry registry, OperatorMetrics metrics,
                           ProbeServer probes) {
        this.operator = operator;
        this.sync = sync;
        this.registry = registry;
        this.metrics = metrics;
        this.probes = probes;
    }

    /** Starts the operator against {@code client}; the caller keeps ownership of the client. */
    public static HpcenvOperator start(KubernetesClient client, SlurmClientFactory slurm, OperatorConfig config,
                                       Clock clock) {
        OperatorMetrics metrics = new OperatorMetrics();
        ClusterJobSync sync = new ClusterJobSync(clock, metrics::listing);
        ClusterRegistry registry = new ClusterRegistry(sync);
        EventRecorder events = new KubernetesEventRecorder(client, clock);
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // Server-side apply needs managed fields, which the embedded API does not keep; merge patches work everywhere.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(config.reconcileThreads());
            config.leaderElection().ifPresent(le -> o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
                    .aLeaderElectionConfiguration(OperatorConfig.LEASE_NAME)
                    .withLeaseNamespace(le.namespace())
                    .withIdentity(le.identity())
                    .build()));
        });
        operator.register(new SlurmClusterReconciler(registry, sync, SecretReader.of(client), slurm, events, metrics, clock));
        operator.register(new ClusterHpcEnvironmentReconciler(events, metrics, clock));
        operator.register(new HpcEnvironmentReconciler(events, metrics, clock));
        operator.register(new HpcJobReconciler(registry, sync, new JobSubmissionBuilder(config.batchWorkdir()), events,
                metrics, clock));
        ProbeServer probes = null;
        try {
            operator.start();
            if (config.httpPort() >= 0) {
                probes = ProbeServer.start(config.httpPort(), config.httpLoopbackOnly(),
                        () -> operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                        () -> operator.getRuntimeInfo().isStarted(), metrics::scrape);
            }
        } catch (RuntimeException e) {
            operator.stop();
            registry.close();
            sync.close();
            throw e;
        }
        return new HpcenvOperator(operator, sync, registry, metrics, probes);
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
        if (probes != null) {
            probes.close();
        }
        operator.stop();
        sync.close();
        registry.close();
    }
}
