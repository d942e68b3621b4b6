package dev.hpcenv.operator.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.crd.CrdConstants;
import dev.hpcenv.kube.embedded.ClasspathCrds;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.util.List;

/**
 * The embedded Kubernetes API (kube-embedded, a test dependency of the operator) serving the CRDs of the
 * hpcenv-crds jar, and fabric8 clients of it as the operator builds them.
 */
public final class ProjectApi {

    private ProjectApi() {}

    /** The hpcenv.dev CRDs the crds module generated (its jar's META-INF/fabric8), as JSON trees. */
    public static List<ObjectNode> crds() {
        List<ObjectNode> crds = ClasspathCrds.ofGroup(CrdConstants.GROUP);
        if (crds.isEmpty()) {
            throw new IllegalStateException("no " + CrdConstants.GROUP + " CRDs under " + ClasspathCrds.FOLDER
                    + " on the class path; build the crds module first");
        }
        return crds;
    }

    /** The same CRDs as fabric8 objects, for a real API server. */
    public static List<CustomResourceDefinition> crdResources() {
        return crds().stream()
                .map(json -> Serialization.unmarshal(json.toString(), CustomResourceDefinition.class))
                .toList();
    }

    /** A started API with the project's CRDs on a free port. */
    public static EmbeddedKubernetesApi start() {
        return EmbeddedKubernetesApi.withCrds(crds(), 0).start();
    }

    /** A client of the API with the Vert.x HTTP client, which the operator names too; the caller closes it. */
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
