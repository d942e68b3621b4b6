package dev.hpcenv.kube.embedded;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;

/** The embedded API with the project's CRDs, a client of it, and the real kubectl pointed at it. */
record KubectlSession(EmbeddedKubernetesApi api, KubernetesClient client, Kubectl kubectl) implements AutoCloseable {

    /** Starts the API; {@code home} holds the kubeconfig and kubectl's cache. */
    static KubectlSession start(Path home) throws IOException {
        EmbeddedKubernetesApi api = HpcenvCrds.api().start();
        Path kubeconfig = home.resolve("kubeconfig");
        api.writeKubeconfig(kubeconfig);
        return new KubectlSession(api, TestClients.of(api), new Kubectl(kubeconfig, home));
    }

    @Override
    public void close() {
        client.close();
        api.close();
    }
}
