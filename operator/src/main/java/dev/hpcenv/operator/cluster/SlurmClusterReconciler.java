package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.SecretKeyRef;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.SlurmClusterStatus;
import dev.hpcenv.operator.errors.InternalErrors;
import dev.hpcenv.operator.events.EventRecorder;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.status.ConditionsView;
import dev.hpcenv.operator.status.StatusComparison;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.sync.SyncState;
import dev.hpcenv.slurm.Partition;
import dev.hpcenv.slurm.PingResult;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects SlurmClusters: reads the Secret, makes (or keeps) the {@link ClusterConnection}, checks
 * slurmrestd, and reports versions, partitions and conditions. It checks again every
 * {@link #RECHECK}, so a rotated Secret or a recovered slurmrestd is noticed without an edit.
 */
@ControllerConfiguration(name = SlurmClusterReconciler.NAME)
public final class SlurmClusterReconciler implements Reconciler<SlurmCluster>, Cleaner<SlurmCluster> {

    public static final String NAME = "slurmcluster";
    static final Duration RECHECK = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(SlurmClusterReconciler.class);

    private final ClusterRegistry registry;
    private final ClusterJobSync sync;
    private final SecretReader secrets;
    private final SlurmClientFactory factory;
    private final SlurmClusterStatusFactory statuses;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Clock clock;
    private final DeniedUsers deniedUsers;
    private final UnreadableResources unreadable;

    public SlurmClusterReconciler(
            ClusterRegistry registry,
            ClusterJobSync sync,
            SecretReader secrets,
            SlurmClientFactory factory,
            EventRecorder events,
            OperatorMetrics metrics,
            Clock clock,
            DeniedUsers deniedUsers,
            UnreadableResources unreadable) {
        this.deniedUsers = deniedUsers;
        this.unreadable = unreadable;
        this.registry = registry;
        this.sync = sync;
        this.secrets = secrets;
        this.factory = factory;
        this.statuses = new SlurmClusterStatusFactory(clock);
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, SlurmCluster>> prepareEventSources(EventSourceContext<SlurmCluster> context) {
        SlurmClusterListingEventSource health = new SlurmClusterListingEventSource();
        sync.addListener(health);
        return List.of(health);
    }

    @Override
    public UpdateControl<SlurmCluster> reconcile(SlurmCluster cluster, Context<SlurmCluster> context) {
        return metrics.timeReconcile(NAME, clock, () -> guarded(cluster));
    }

    /**
     * A defect of the operator (anything but the Kubernetes API's failures, which the framework
     * retries) becomes Ready=Unknown/InternalError, logged once with its stack, looked at again at
     * the slow resync; never a retry storm with a stack trace each time.
     */
    UpdateControl<SlurmCluster> guarded(SlurmCluster cluster) {
        try {
            return reconcile(cluster);
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw e;
        } catch (RuntimeException e) {
            InternalErrors.report(LOG, "slurmcluster=" + cluster.getMetadata().getName(), e);
            SlurmClusterStatus before = cluster.getStatus();
            SlurmClusterStatus after = statuses.internalError(
                    before,
                    cluster.getMetadata().getGeneration(),
                    InternalErrors.describe(e) + " (a defect of the operator, see its log; looked at again in "
                            + InternalErrors.RETRY.toMinutes() + " minutes)");
            cluster.setStatus(after);
            return UpdateControl.patchStatus(cluster).rescheduleAfter(InternalErrors.RETRY);
        }
    }

    /** One reconcile without the framework (the operator and tests both come here). */
    public UpdateControl<SlurmCluster> reconcile(SlurmCluster cluster) {
        String name = cluster.getMetadata().getName();
        SlurmClusterStatus before = cluster.getStatus();
        Long generation = cluster.getMetadata().getGeneration();
        List<String> invalid = unreadable
                .of(cluster)
                .map(u -> List.of(u.problem()))
                .orElseGet(() -> ClusterSpecValidator.problems(cluster.getSpec()));
        if (!invalid.isEmpty()) {
            // Behind an API server that enforced no CEL rule (or an older schema): nothing is connected.
            registry.remove(name);
            return finish(
                    cluster,
                    before,
                    statuses.build(
                            before,
                            generation,
                            new ClusterProbe.Broken(ConditionReasons.Cluster.INVALID_SPEC, String.join("; ", invalid)),
                            Optional.empty(),
                            List.of()));
        }
        SecretKeyRef ref = cluster.getSpec().getAuth().getJwtKeySecretRef() != null
                ? cluster.getSpec().getAuth().getJwtKeySecretRef()
                : cluster.getSpec().getAuth().getTokenSecretRef();
        Optional<byte[]> secret;
        try {
            secret = secrets.read(ref);
        } catch (SecretReader.SecretForbiddenException e) {
            secret = null;
        }
        ClusterProbe probe;
        Optional<SyncState> syncState = Optional.empty();
        if (secret == null) {
            registry.remove(name);
            probe = new ClusterProbe.Broken(
                    ConditionReasons.Cluster.SECRET_FORBIDDEN,
                    "the operator may not read "
                            + ref + " (hint: with the Helm chart, list it in rbac.secretAccess: namespace "
                            + ref.getNamespace() + ", names [" + ref.getName() + "]; this is checked again every "
                            + RECHECK.toSeconds() + "s)");
        } else if (secret.isEmpty()) {
            registry.remove(name);
            probe = new ClusterProbe.Broken(
                    ConditionReasons.Cluster.SECRET_NOT_FOUND,
                    ref + " does not exist "
                            + "(hint: create the Secret in namespace " + ref.getNamespace()
                            + "; this is checked again every "
                            + RECHECK.toSeconds() + "s)");
        } else {
            ClusterConnection connection = connection(cluster, secret.get());
            Optional<String> tokenRefusal = connection.staticTokenUser().flatMap(deniedUsers::refusal);
            if (tokenRefusal.isPresent()) {
                // Every job would run as the token's user: the cluster is not used at all.
                registry.remove(name);
                probe = new ClusterProbe.Broken(
                        ConditionReasons.Cluster.USER_MAPPING_DENIED,
                        "the static token of "
                                + ref + " was issued to a user that never runs jobs: " + tokenRefusal.get()
                                + " (hint: issue the token to the operator's own Slurm user)");
            } else {
                syncState = Optional.of(connection.syncState());
                probe = probe(connection);
            }
        }
        return finish(
                cluster,
                before,
                statuses.build(
                        before,
                        generation,
                        probe,
                        syncState,
                        ClusterSpecValidator.deniedMappings(cluster.getSpec(), deniedUsers)));
    }

    private UpdateControl<SlurmCluster> finish(
            SlurmCluster cluster, SlurmClusterStatus before, SlurmClusterStatus after) {
        recordTransition(cluster, before, after);
        if (StatusComparison.same(before, after)) {
            return UpdateControl.<SlurmCluster>noUpdate().rescheduleAfter(RECHECK);
        }
        cluster.setStatus(after);
        return UpdateControl.patchStatus(cluster).rescheduleAfter(RECHECK);
    }

    /** The registered connection when spec and secret are unchanged; otherwise a new one. */
    private ClusterConnection connection(SlurmCluster cluster, byte[] secret) {
        String name = cluster.getMetadata().getName();
        ClusterCredentials credentials =
                ClusterCredentials.from(cluster.getSpec().getAuth(), secret);
        String fingerprint = cluster.getMetadata().getGeneration() + "/" + credentials.fingerprint();
        Optional<ClusterConnection> current =
                registry.get(name).filter(c -> c.fingerprint().equals(fingerprint));
        if (current.isPresent()) {
            return current.get();
        }
        ClusterConnection fresh =
                new ClusterConnection(name, cluster.getSpec(), credentials, fingerprint, factory, metrics);
        LOG.info("connecting: cluster={} url={}", name, cluster.getSpec().getUrl());
        registry.put(fresh);
        return fresh;
    }

    /** Pings slurmrestd as the listing user; connecting may detect the API version, which can fail too. */
    private static ClusterProbe probe(ClusterConnection connection) {
        try {
            SlurmClient client = connection.listingClient();
            PingResult ping = client.ping();
            if (!ping.reachable()) {
                return new ClusterProbe.Broken(
                        ConditionReasons.Cluster.UNREACHABLE,
                        "slurmrestd answers but no slurmctld responds to its ping");
            }
            List<String> partitions =
                    client.partitions().stream().map(Partition::name).toList();
            return new ClusterProbe.Healthy(
                    ping.slurmRelease(), ping.apiPath(), ping.offeredVersions(), ping.deprecation(), partitions);
        } catch (SlurmException e) {
            return ClusterProbe.of(e);
        }
    }

    private void recordTransition(SlurmCluster cluster, SlurmClusterStatus before, SlurmClusterStatus after) {
        boolean wasReady = before != null && ConditionsView.isTrue(before.getConditions(), ConditionType.READY);
        boolean isReady = ConditionsView.isTrue(after.getConditions(), ConditionType.READY);
        String oldReason = before == null
                ? ""
                : ConditionsView.find(before.getConditions(), ConditionType.READY)
                        .map(c -> c.getReason())
                        .orElse("");
        String newReason = ConditionsView.find(after.getConditions(), ConditionType.READY)
                .map(c -> c.getReason())
                .orElse("");
        if (isReady && !wasReady) {
            events.record(
                    cluster,
                    EventRecorder.Type.Normal,
                    "Connected",
                    "slurmrestd answers: Slurm " + after.getSlurmVersion() + ", API " + after.getApiVersion());
        } else if (!isReady && (wasReady || !oldReason.equals(newReason))) {
            events.record(cluster, EventRecorder.Type.Warning, newReason, after.getMessage());
        }
    }

    @Override
    public DeleteControl cleanup(SlurmCluster cluster, Context<SlurmCluster> context) {
        registry.remove(cluster.getMetadata().getName());
        unreadable.forget(cluster.getMetadata().getUid());
        return DeleteControl.defaultDelete();
    }
}
