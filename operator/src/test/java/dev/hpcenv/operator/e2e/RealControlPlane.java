package dev.hpcenv.operator.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.local.LocalKubeApi;
import dev.hpcenv.operator.testing.Await;
import dev.hpcenv.operator.testing.ProjectApi;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The real kube-apiserver of dev/kube-local.sh (shared by the test classes of a run, left running),
 * with the project's CRDs installed as generated. Operators run as a ServiceAccount whose rights come
 * from RBAC objects the caller made (the chart's), never as the admin.
 */
final class RealControlPlane implements ControlPlane {

    private final LocalKubeApi api;
    private final KubernetesClient client;
    private String operatorNamespace;
    private String operatorServiceAccount;

    RealControlPlane() {
        this.api = LocalKubeApi.shared();
        this.client = new KubernetesClientBuilder()
                .withConfig(api.adminConfig())
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build();
        installCrds();
    }

    LocalKubeApi api() {
        return api;
    }

    /** The operators of worlds on this plane run as ServiceAccount {@code namespace/name}, which must exist. */
    RealControlPlane operatorAs(String namespace, String serviceAccount) {
        this.operatorNamespace = namespace;
        this.operatorServiceAccount = serviceAccount;
        return this;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public void writeOperatorKubeconfig(Path file) {
        Objects.requireNonNull(
                operatorServiceAccount,
                "no operator identity: call operatorAs(namespace, serviceAccount) with the chart's ServiceAccount");
        api.writeServiceAccountKubeconfig(operatorNamespace, operatorServiceAccount, file);
    }

    @Override
    public String scoped(String run, String name) {
        return run + "-" + name;
    }

    @Override
    public String diagnostics() {
        return "kube-apiserver log (end):\n" + api.apiServerLogTail(80);
    }

    /** The CRDs are shared by every world of the run: created, or updated to this build's, never deleted. */
    private void installCrds() {
        for (ObjectNode document : ProjectApi.crds()) {
            CustomResourceDefinition crd = Serialization.unmarshal(document.toString(), CustomResourceDefinition.class);
            String name = crd.getMetadata().getName();
            try {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName(name)
                        .edit(existing -> {
                            existing.setSpec(crd.getSpec());
                            return existing;
                        });
            }
            Await.until(
                    "CRD " + name + " Established",
                    Duration.ofSeconds(60),
                    () -> established(name),
                    () -> Serialization.asYaml(client.apiextensions()
                                    .v1()
                                    .customResourceDefinitions()
                                    .withName(name)
                                    .get())
                            + "\n" + diagnostics());
        }
    }

    private boolean established(String name) {
        CustomResourceDefinition crd = client.apiextensions()
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

    /** The admin client goes; the control plane stays for the run's next world (dev/test.sh stops it). */
    @Override
    public void close() {
        client.close();
    }
}
