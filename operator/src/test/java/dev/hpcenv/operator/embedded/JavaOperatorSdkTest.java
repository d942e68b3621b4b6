package dev.hpcenv.operator.embedded;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * java-operator-sdk against the embedded API, with and without server-side apply for the primary
 * resource (JOSDK's default is on): informers, status patches, the finalizer JOSDK adds for a
 * {@link Cleaner}, and deletion through it.
 */
class JavaOperatorSdkTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Marks every job Running and records cleanups. */
    @ControllerConfiguration(name = "embedded-api-smoke")
    public static final class RunningMarker implements Reconciler<HpcJob>, Cleaner<HpcJob> {
        final Set<String> cleanedUp = ConcurrentHashMap.newKeySet();

        @Override
        public UpdateControl<HpcJob> reconcile(HpcJob job, Context<HpcJob> context) {
            HpcJob patch = new HpcJob();
            patch.setMetadata(new ObjectMetaBuilder().withName(job.getMetadata().getName())
                    .withNamespace(job.getMetadata().getNamespace()).build());
            HpcJobStatus status = new HpcJobStatus();
            status.setPhase(HpcJobPhase.RUNNING);
            status.setObservedGeneration(job.getMetadata().getGeneration());
            patch.setStatus(status);
            return UpdateControl.patchStatus(patch);
        }

        @Override
        public DeleteControl cleanup(HpcJob job, Context<HpcJob> context) {
            cleanedUp.add(job.getMetadata().getName());
            return DeleteControl.defaultDelete();
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @ParameterizedTest(name = "server-side apply {0}")
    @ValueSource(booleans = {true, false})
    void reconcilesPatchesStatusAndCleansUp(boolean serverSideApply) throws Exception {
        try (EmbeddedKubernetesApi api = EmbeddedKubernetesApi.withProjectCrds().start();
             KubernetesClient client = api.kubernetesClient()) {
            // Given
            RunningMarker reconciler = new RunningMarker();
            Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(serverSideApply));
            operator.register(reconciler);
            operator.start();
            try {
                HpcJob job = client.getKubernetesSerialization().unmarshal("""
                        apiVersion: hpcenv.dev/v1alpha1
                        kind: HpcJob
                        metadata: {name: train, namespace: default}
                        spec: {clusterRef: {name: daint}, environmentRef: {name: ngc}, command: [echo, hi]}
                        """, HpcJob.class);
                // When
                client.resource(job).create();
                // Then
                awaitTrue("the Running phase", () -> {
                    HpcJob live = client.resources(HpcJob.class).inNamespace("default").withName("train").get();
                    return live.getStatus() != null && live.getStatus().getPhase() == HpcJobPhase.RUNNING;
                });
                HpcJob live = client.resources(HpcJob.class).inNamespace("default").withName("train").get();
                assertThat(live.getMetadata().getFinalizers()).hasSize(1);
                assertThat(live.getStatus().getObservedGeneration()).isEqualTo(1L);
                assertThat(live.getSpec().getCommand()).containsExactly("echo", "hi");
                client.resources(HpcJob.class).inNamespace("default").withName("train").delete();
                awaitTrue("the deletion", () ->
                        client.resources(HpcJob.class).inNamespace("default").withName("train").get() == null);
                assertThat(reconciler.cleanedUp).containsExactly("train");
            } finally {
                operator.stop();
            }
        }
    }
}
