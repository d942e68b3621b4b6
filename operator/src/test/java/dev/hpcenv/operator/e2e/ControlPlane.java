package dev.hpcenv.operator.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * The Kubernetes API of an end-to-end world: hpcenv's embedded API in this JVM ({@link
 * EmbeddedControlPlane}), or the real kube-apiserver of dev/kube-local.sh ({@link RealControlPlane}).
 * A world sets itself up and reads what its operators did through {@link #client()}; the operators get
 * {@link #writeOperatorKubeconfig}, which on the real API carries a narrower identity.
 */
interface ControlPlane extends AutoCloseable {

    /** A client that may do everything, for setting the world up and reading results; owned by this plane. */
    KubernetesClient client();

    /** Writes, at {@code file}, the kubeconfig the world's operator processes run with. */
    void writeOperatorKubeconfig(Path file);

    /**
     * The names of a world's cluster-wide things: the embedded API is the world's alone (fixed names,
     * as before); the real one is shared by every test class of a run, so names carry the run id.
     */
    String scoped(String run, String name);

    /** Deletes a namespace of a finished world with everything of hpcenv's in it. */
    void deleteNamespace(String namespace);

    /** What a failing test should see of the API server (its log), or an empty string. */
    String diagnostics();

    @Override
    void close();
}
