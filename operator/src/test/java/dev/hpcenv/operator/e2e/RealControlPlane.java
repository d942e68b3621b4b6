package dev.hpcenv.operator.e2e;

import dev.hpcenv.kube.local.CrdInstaller;
import dev.hpcenv.kube.local.LocalKubeApi;
import dev.hpcenv.kube.local.NamespaceSweeper;
import dev.hpcenv.operator.testing.ProjectApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.nio.file.Path;
import java.util.List;
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

    /** The shared server has no namespace controller: its custom resources would outlive the world. */
    @Override
    public void deleteNamespace(String namespace) {
        List<String> failures = NamespaceSweeper.delete(client, namespace);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("cannot delete namespace " + namespace + ": " + failures);
        }
    }

    @Override
    public String diagnostics() {
        return "kube-apiserver log (end):\n" + api.apiServerLogTail(80);
    }

    /** The CRDs are shared by every world of the run: applied as this build generated them, never deleted. */
    private void installCrds() {
        CrdInstaller.apply(client, ProjectApi.crdResources());
    }

    /** Waits until CRD {@code name} (one a test installed itself) is Established. */
    void awaitEstablished(String name) {
        CrdInstaller.awaitEstablished(client, name);
    }

    /** The admin client goes; the control plane stays for the run's next world (dev/test.sh stops it). */
    @Override
    public void close() {
        client.close();
    }
}
