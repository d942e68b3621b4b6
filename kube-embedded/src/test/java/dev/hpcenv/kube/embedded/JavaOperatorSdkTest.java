package dev.hpcenv.kube.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * java-operator-sdk against the embedded API, with and without server-side apply for the primary
 * resource (JOSDK's default is on): informers, status patches, the finalizer JOSDK adds for a
 * {@link Cleaner}, and deletion through it. The kind is the tests' Widget ({@link TestCrds}).
 */
class JavaOperatorSdkTest {

    /** The Widget kind as a typed custom resource, as an operator declares its primary resource. */
    @Group(TestCrds.GROUP)
    @Version("v1")
    public static final class Widget extends CustomResource<WidgetSpec, WidgetStatus> implements Namespaced {}

    public static final class WidgetSpec {
        public List<String> command;
    }

    public static final class WidgetStatus {
        public String phase;
        public Long observedGeneration;
    }

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    /** Marks every job Running and records cleanups. */
    @ControllerConfiguration(name = "embedded-api-smoke")
    public static final class RunningMarker implements Reconciler<Widget>, Cleaner<Widget> {
        final Set<String> cleanedUp = ConcurrentHashMap.newKeySet();

        @Override
        public UpdateControl<Widget> reconcile(Widget job, Context<Widget> context) {
            Widget patch = new Widget();
            patch.setMetadata(new ObjectMetaBuilder()
                    .withName(job.getMetadata().getName())
                    .withNamespace(job.getMetadata().getNamespace())
                    .build());
            WidgetStatus status = new WidgetStatus();
            status.phase = "Running";
            status.observedGeneration = job.getMetadata().getGeneration();
            patch.setStatus(status);
            return UpdateControl.patchStatus(patch);
        }

        @Override
        public DeleteControl cleanup(Widget job, Context<Widget> context) {
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
        try (EmbeddedKubernetesApi api =
                        EmbeddedKubernetesApi.withCrds(TestCrds.all(), 0).start();
                KubernetesClient client = TestClients.of(api)) {
            // Given
            RunningMarker reconciler = new RunningMarker();
            Operator operator = new Operator(o -> o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(serverSideApply));
            operator.register(reconciler);
            operator.start();
            try {
                Widget job = client.getKubernetesSerialization().unmarshal("""
                        apiVersion: test.hpcenv.dev/v1
                        kind: Widget
                        metadata: {name: train, namespace: default}
                        spec: {command: [echo, hi]}
                        """, Widget.class);
                // When
                client.resource(job).create();
                // Then
                awaitTrue("the Running phase", () -> {
                    Widget live = client.resources(Widget.class)
                            .inNamespace("default")
                            .withName("train")
                            .get();
                    return live.getStatus() != null && "Running".equals(live.getStatus().phase);
                });
                Widget live = client.resources(Widget.class)
                        .inNamespace("default")
                        .withName("train")
                        .get();
                assertThat(live.getMetadata().getFinalizers()).hasSize(1);
                assertThat(live.getStatus().observedGeneration).isEqualTo(1L);
                assertThat(live.getSpec().command).containsExactly("echo", "hi");
                client.resources(Widget.class)
                        .inNamespace("default")
                        .withName("train")
                        .delete();
                awaitTrue(
                        "the deletion",
                        () -> client.resources(Widget.class)
                                        .inNamespace("default")
                                        .withName("train")
                                        .get()
                                == null);
                assertThat(reconciler.cleanedUp).containsExactly("train");
            } finally {
                operator.stop();
            }
        }
    }
}
