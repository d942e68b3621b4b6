package dev.hpcenv.operator.e2e;

import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.operator.testing.ProjectApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** hpcenv's embedded API with the project's CRDs, started for one world and closed with it. */
final class EmbeddedControlPlane implements ControlPlane {

    private final EmbeddedKubernetesApi api;
    private final KubernetesClient client;

    EmbeddedControlPlane() {
        this.api = ProjectApi.start();
        this.client = ProjectApi.client(api);
    }

    /** The embedded API itself: its users (tokens) and kubeconfigs. */
    EmbeddedKubernetesApi api() {
        return api;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    /** The embedded API has no authentication: the operator's kubeconfig names only its URL. */
    @Override
    public void writeOperatorKubeconfig(Path file) {
        try {
            api.writeKubeconfig(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String scoped(String run, String name) {
        return name;
    }

    /** The embedded API is the world's alone and goes with it. */
    @Override
    public void deleteNamespace(String namespace) {}

    @Override
    public String diagnostics() {
        return "";
    }

    @Override
    public void close() {
        client.close();
        api.close();
    }
}
