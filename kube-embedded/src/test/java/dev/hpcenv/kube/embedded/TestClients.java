package dev.hpcenv.kube.embedded;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;

/** fabric8 clients of an embedded API, as its users build them. */
public final class TestClients {

    private TestClients() {}

    /** A client with the Vert.x HTTP client (both are on the test class path; tests name the one they need). */
    public static KubernetesClient of(EmbeddedKubernetesApi api) {
        return new KubernetesClientBuilder()
                .withConfig(config(api))
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build();
    }

    /** No credentials, namespace "default", ~/.kube/config ignored. */
    public static Config config(EmbeddedKubernetesApi api) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(api.url().toString())
                .withNamespace("default")
                .build();
    }
}
