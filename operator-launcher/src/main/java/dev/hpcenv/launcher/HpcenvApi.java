package dev.hpcenv.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.crd.CrdConstants;
import dev.hpcenv.kube.embedded.ClasspathCrds;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.util.List;

/**
 * The embedded Kubernetes API serving hpcenv's CRDs (those the hpcenv-crds jar carries, so always the
 * ones the operator was built with), and fabric8 clients of it.
 */
public final class HpcenvApi {

    private HpcenvApi() {}

    /** An API with hpcenv's CRDs on {@code port} (0: a free one); not started. */
    public static EmbeddedKubernetesApi onPort(int port) {
        List<ObjectNode> crds = ClasspathCrds.ofGroup(CrdConstants.GROUP);
        if (crds.isEmpty()) {
            throw new IllegalStateException("no " + CrdConstants.GROUP + " CRDs under " + ClasspathCrds.FOLDER
                    + " on the class path: the hpcenv-crds jar is missing from target/lib (rebuild: mvn -pl"
                    + " operator-launcher -am package)");
        }
        return EmbeddedKubernetesApi.withCrds(crds, port);
    }

    /**
     * A client of a started API (no credentials, namespace "default", ~/.kube/config ignored), with the
     * Vert.x HTTP client as the operator names it; the caller closes it.
     */
    public static KubernetesClient client(EmbeddedKubernetesApi api) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(api.url().toString())
                .withNamespace("default")
                .build();
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build();
    }
}
