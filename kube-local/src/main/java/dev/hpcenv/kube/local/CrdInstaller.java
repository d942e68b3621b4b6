package dev.hpcenv.kube.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Installs CRDs on the shared real API server as generated: server-side apply with one field
 * manager for every test (so a run's CRDs replace an older run's), then waits until each is
 * Established. CRDs are never deleted: the test classes of a run share them.
 */
public final class CrdInstaller {

    public static final Duration ESTABLISHED = Duration.ofSeconds(60);
    private static final String FIELD_MANAGER = "hpcenv-tests";

    private CrdInstaller() {}

    /** Applies {@code crds}; a refusal (an over-budget CEL rule is a 422) fails naming the CRD and the server's reason. */
    public static void apply(KubernetesClient admin, List<CustomResourceDefinition> crds) {
        for (CustomResourceDefinition crd : crds) {
            try {
                admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .patch(new PatchContext.Builder()
                                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                                .withFieldManager(FIELD_MANAGER)
                                .withForce(true)
                                .build());
            } catch (KubernetesClientException e) {
                throw new AssertionError(
                        "the real API server refuses the CRD "
                                + crd.getMetadata().getName() + " (HTTP " + e.getCode() + "): " + e.getMessage(),
                        e);
            }
        }
        for (CustomResourceDefinition crd : crds) {
            awaitEstablished(admin, crd.getMetadata().getName());
        }
    }

    /** Waits until CRD {@code name} is Established, for at most {@link #ESTABLISHED}. */
    public static void awaitEstablished(KubernetesClient admin, String name) {
        Instant deadline = Instant.now().plus(ESTABLISHED);
        while (!established(admin, name)) {
            if (Instant.now().isAfter(deadline)) {
                CustomResourceDefinition crd = admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(name)
                        .get();
                throw new AssertionError("CRD " + name + " not Established after " + ESTABLISHED + ": "
                        + (crd == null ? "it does not exist" : crd.getStatus()));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for CRD " + name, e);
            }
        }
    }

    static boolean established(KubernetesClient admin, String name) {
        CustomResourceDefinition crd = admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(name)
                .get();
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
