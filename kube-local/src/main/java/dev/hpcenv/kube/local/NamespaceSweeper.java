package dev.hpcenv.kube.local;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a test's namespace on the bare control plane the way the namespace controller would have:
 * the control plane runs no controller manager, so a deleted namespace stays Terminating with its
 * custom resources in it, and every later operator of the run would still see (and act on) them.
 * Custom resources go first, their finalizers cleared (no controller of the finished test is left to
 * remove them); built-in objects in the namespace are inert without controllers and stay in etcd
 * until {@code dev/kube-local.sh stop}.
 */
public final class NamespaceSweeper {

    private NamespaceSweeper() {}

    /** Deletes every custom resource in {@code namespace}, then the namespace; returns what it could not delete. */
    public static List<String> delete(KubernetesClient admin, String namespace) {
        List<String> failures = new ArrayList<>();
        for (CustomResourceDefinition crd :
                admin.apiextensions().v1().customResourceDefinitions().list().getItems()) {
            if (!"Namespaced".equals(crd.getSpec().getScope())) {
                continue;
            }
            String version = crd.getSpec().getVersions().stream()
                    .filter(CustomResourceDefinitionVersion::getStorage)
                    .map(CustomResourceDefinitionVersion::getName)
                    .findFirst()
                    .orElse(crd.getSpec().getVersions().get(0).getName());
            String apiVersion = crd.getSpec().getGroup() + "/" + version;
            String kind = crd.getSpec().getNames().getKind();
            try {
                for (GenericKubernetesResource object : admin.genericKubernetesResources(apiVersion, kind)
                        .inNamespace(namespace)
                        .list()
                        .getItems()) {
                    deleteOne(admin, apiVersion, kind, namespace, object, failures);
                }
            } catch (KubernetesClientException e) {
                failures.add(kind + " in " + namespace + ": " + e.getMessage());
            }
        }
        try {
            admin.namespaces().withName(namespace).delete();
        } catch (KubernetesClientException e) {
            failures.add("namespace " + namespace + ": " + e.getMessage());
        }
        return failures;
    }

    private static void deleteOne(
            KubernetesClient admin,
            String apiVersion,
            String kind,
            String namespace,
            GenericKubernetesResource object,
            List<String> failures) {
        var resource = admin.genericKubernetesResources(apiVersion, kind)
                .inNamespace(namespace)
                .withName(object.getMetadata().getName());
        try {
            if (object.getMetadata().getFinalizers() != null
                    && !object.getMetadata().getFinalizers().isEmpty()) {
                resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
            }
            resource.delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                failures.add(kind + " " + namespace + "/" + object.getMetadata().getName() + ": " + e.getMessage());
            }
        }
    }
}
