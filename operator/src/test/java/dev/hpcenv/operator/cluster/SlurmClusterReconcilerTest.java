package dev.hpcenv.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.sync.ClusterJobSync;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.testing.FakeSlurmClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SlurmClusterReconcilerTest {

    private static final String KEY = "a-signing-key-that-must-never-show-up-anywhere";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeSlurmClient slurm = new FakeSlurmClient(clock, ApiVersion.V0_0_38);
    private final AtomicReference<byte[]> secret = new AtomicReference<>();
    private final ClusterJobSync sync = ClusterJobSync.manual(clock);
    private final ClusterRegistry registry = new ClusterRegistry(sync);
    private final RecordingEvents events = new RecordingEvents();
    private final SlurmClusterReconciler reconciler =
            reconciler(ref -> Optional.ofNullable(secret.get()), config -> slurm);

    @Test
    void aMissingSecretIsSecretNotFound() {
        // Given
        SlurmCluster cluster = Resources.cluster(s -> {});
        // When
        reconciler.reconcile(cluster);
        // Then
        assertThat(ready(cluster).getReason()).isEqualTo("SecretNotFound");
        assertThat(ready(cluster).getMessage()).contains("hpcenv-system/slurm-jwt");
        assertThat(registry.get(Resources.CLUSTER)).isEmpty();
    }

    @Test
    void aSecretTheOperatorMayNotReadIsSecretForbiddenWithTheRbacHint() {
        // Given
        SlurmClusterReconciler forbidden = reconciler(
                ref -> {
                    throw new SecretReader.SecretForbiddenException(ref);
                },
                config -> slurm);
        SlurmCluster cluster = Resources.cluster(s -> {});
        // When
        forbidden.reconcile(cluster);
        // Then
        assertThat(ready(cluster).getStatus()).isEqualTo("False");
        assertThat(ready(cluster).getReason()).isEqualTo("SecretForbidden");
        assertThat(ready(cluster).getMessage()).contains("rbac.secretAccess", "hpcenv-system");
        assertThat(registry.get(Resources.CLUSTER)).isEmpty();
    }

    @Test
    void aReachableClusterIsReadyWithVersionsAndPartitions() {
        // Given
        secret.set(KEY.getBytes(StandardCharsets.UTF_8));
        SlurmCluster cluster = Resources.cluster(s -> {});
        // When
        reconciler.reconcile(cluster);
        // Then
        assertThat(ready(cluster).getStatus()).isEqualTo(Condition.TRUE);
        assertThat(cluster.getStatus().getSlurmVersion()).isEqualTo("22.05.8");
        assertThat(cluster.getStatus().getApiVersion()).isEqualTo("v0.0.38");
        assertThat(cluster.getStatus().getPartitions()).containsExactly("debug");
        assertThat(registry.get(Resources.CLUSTER)).isPresent();
        assertThat(events.reasons()).containsExactly("Connected");
    }

    @Test
    void aVersionTheServersReleaseDeprecatesIsAWarningWhileTheClusterStaysReady() {
        // Given: a 26.05 server, and a client pinned to v0.0.42, which 26.05 deprecates
        secret.set(KEY.getBytes(StandardCharsets.UTF_8));
        FakeSlurmClient pinned = new FakeSlurmClient(clock, ApiVersion.V0_0_42)
                .server("26.05.1", List.of("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"));
        SlurmClusterReconciler reconciler = reconciler(ref -> Optional.ofNullable(secret.get()), config -> pinned);
        SlurmCluster cluster = Resources.cluster(s -> {});
        // When
        reconciler.reconcile(cluster);
        // Then
        assertThat(ready(cluster).getStatus()).isEqualTo(Condition.TRUE);
        Condition current = cluster.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("ApiVersionCurrent"))
                .findFirst()
                .orElseThrow();
        assertThat(current.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(current.getReason()).isEqualTo("ApiVersionDeprecated");
        assertThat(current.getMessage()).contains("26.05", "v0.0.42", "26.11");
        assertThat(cluster.getStatus().getOfferedApiVersions())
                .containsExactly("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45");
    }

    @Test
    void anUnreachableClusterSaysSoWithoutLeakingTheKey() {
        // Given
        secret.set(KEY.getBytes(StandardCharsets.UTF_8));
        SlurmCluster cluster = Resources.cluster(s -> {});
        slurm.unavailable(true);
        // When
        reconciler.reconcile(cluster);
        // Then
        assertThat(ready(cluster).getReason()).isEqualTo("Unreachable");
        assertThat(cluster.getStatus().getReachable()).isFalse();
        assertThat(cluster.getStatus().toString() + cluster.getStatus().getConditions() + events.all())
                .doesNotContain(KEY);
        assertThat(registry.get(Resources.CLUSTER).orElseThrow().toString()).doesNotContain(KEY);
    }

    @Test
    void keepsTheConnectionWhileSpecAndSecretAreUnchanged() {
        // Given
        secret.set(KEY.getBytes(StandardCharsets.UTF_8));
        SlurmCluster cluster = Resources.cluster(s -> {});
        reconciler.reconcile(cluster);
        ClusterConnection first = registry.get(Resources.CLUSTER).orElseThrow();
        // When
        reconciler.reconcile(cluster);
        secret.set("rotated".getBytes(StandardCharsets.UTF_8));
        reconciler.reconcile(cluster);
        // Then
        ClusterConnection third = registry.get(Resources.CLUSTER).orElseThrow();
        assertThat(third).isNotSameAs(first);
        assertThat(first.isClosed()).isTrue();
    }

    private static Condition ready(SlurmCluster cluster) {
        return cluster.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aMappingToRootMakesTheClusterNotReadyNamingTheMappingWhileItStaysConnected() {
        // Given: stored by an API server that did not evaluate the CRD's CEL rule
        secret.set(KEY.getBytes(StandardCharsets.UTF_8));
        SlurmCluster cluster = Resources.cluster(
                s -> s.getUserMappings().add(new dev.hpcenv.crd.v1alpha1.UserMapping("ops", "root", null)));
        // When
        reconciler.reconcile(cluster);
        // Then
        assertThat(ready(cluster).getStatus()).isEqualTo(Condition.FALSE);
        assertThat(ready(cluster).getReason()).isEqualTo("UserMappingDenied");
        assertThat(ready(cluster).getMessage()).contains("spec.userMappings[1].user", "namespace ops", "'root'");
        assertThat(registry.get(Resources.CLUSTER)).isPresent();
    }

    @Test
    void aSpecBreakingACelRuleIsInvalidSpecAndNothingIsConnected() {
        // Given: both authentications, which the CRD's CEL rule refuses
        secret.set(KEY.getBytes(StandardCharsets.UTF_8));
        SlurmCluster cluster =
                Resources.cluster(s -> s.getAuth().setTokenSecretRef(s.getAuth().getJwtKeySecretRef()));
        // When
        reconciler.reconcile(cluster);
        // Then
        assertThat(ready(cluster).getReason()).isEqualTo("InvalidSpec");
        assertThat(ready(cluster).getMessage()).contains("spec.auth: set exactly one");
        assertThat(registry.get(Resources.CLUSTER)).isEmpty();
        assertThat(slurm.pingCalls).hasValue(0);
    }

    @Test
    void aDefectIsReadyUnknownInternalErrorNotARetryStorm() {
        // Given: a secret reader with a bug
        SlurmClusterReconciler buggy = new SlurmClusterReconciler(
                registry,
                sync,
                ref -> {
                    throw new IllegalStateException("a bug in the secret reader");
                },
                config -> slurm,
                events,
                new OperatorMetrics(),
                clock,
                DeniedUsers.DEFAULT,
                new dev.hpcenv.operator.reading.UnreadableResources());
        SlurmCluster cluster = Resources.cluster(s -> {});
        // When
        var control = buggy.guarded(cluster);
        // Then
        assertThat(ready(cluster).getStatus()).isEqualTo(Condition.UNKNOWN);
        assertThat(ready(cluster).getReason()).isEqualTo("InternalError");
        assertThat(ready(cluster).getMessage()).contains("IllegalStateException: a bug in the secret reader");
        assertThat(control.getScheduleDelay())
                .contains(java.time.Duration.ofMinutes(5).toMillis());
    }

    private SlurmClusterReconciler reconciler(SecretReader secrets, SlurmClientFactory clients) {
        return new SlurmClusterReconciler(
                registry,
                sync,
                secrets,
                clients,
                events,
                new OperatorMetrics(),
                clock,
                DeniedUsers.DEFAULT,
                new dev.hpcenv.operator.reading.UnreadableResources());
    }
}
