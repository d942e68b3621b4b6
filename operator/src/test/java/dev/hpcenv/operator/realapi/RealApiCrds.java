package dev.hpcenv.operator.realapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Installs the generated CRDs on the shared real API server, idempotently (server-side apply, one
 * field manager for every test), and waits until each is Established. CRDs are never deleted: other
 * tests use the same server at the same time.
 */
final class RealApiCrds {

    private static final Duration ESTABLISHED = Duration.ofSeconds(60);

    private RealApiCrds() {}

    static void install(KubernetesClient admin, List<ObjectNode> crds) {
        for (ObjectNode json : crds) {
            CustomResourceDefinition crd =
                    admin.getKubernetesSerialization().convertValue(json, CustomResourceDefinition.class);
            try {
                admin.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .patch(new PatchContext.Builder()
                                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                                .withFieldManager("hpcenv-tests")
                                .withForce(true)
                                .build());
            } catch (KubernetesClientException e) {
                throw new AssertionError(
                        "the real API server refuses the generated CRD "
                                + crd.getMetadata().getName() + " (HTTP " + e.getCode() + "): " + e.getMessage(),
                        e);
            }
        }
        Instant deadline = Instant.now().plus(ESTABLISHED);
        for (ObjectNode json : crds) {
            String name = json.path("metadata").path("name").asText();
            while (!established(admin, name)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("CRD " + name + " not Established after " + ESTABLISHED + ": "
                            + admin.apiextensions()
                                    .v1()
                                    .customResourceDefinitions()
                                    .withName(name)
                                    .get()
                                    .getStatus());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static boolean established(KubernetesClient admin, String name) {
        CustomResourceDefinition crd = admin.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(name)
                .get();
        return crd != null
                && crd.getStatus() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
