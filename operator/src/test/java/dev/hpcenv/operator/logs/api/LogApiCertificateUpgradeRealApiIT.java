package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.hpcenv.kube.local.CrdInstaller;
import dev.hpcenv.kube.local.LocalKubeApi;
import dev.hpcenv.kube.local.NamespaceSweeper;
import dev.hpcenv.operator.testing.ProjectApi;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The log API's certificate, which the chart generates, survives `helm upgrade` on the real API server
 * (the template looks the Secret up): the APIService's caBundle stays the CA of the serving certificate
 * the operator mounts. `helm template` cannot show this: it has no cluster to look in.
 */
@Tag("real-kube")
class LogApiCertificateUpgradeRealApiIT {

    @Test
    void anUpgradeKeepsTheGeneratedCertificateAndItsCaBundle() {
        // Given
        LocalKubeApi api = LocalKubeApi.shared();
        String run = "logcert-" + UUID.randomUUID().toString().substring(0, 8);
        String release = "hpcenv-" + run;
        Path chart = Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize()
                .resolve("charts/hpcenv");
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(api.adminConfig())
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build()) {
            CrdInstaller.apply(admin, ProjectApi.crdResources());
            try {
                new Helm(chart)
                        .install()
                        .withName(release)
                        .withNamespace(run)
                        .createNamespace()
                        .withKubeConfig(api.adminKubeconfig())
                        .call();
                Map<String, String> installed = secret(admin, run, release).getData();
                String caBundle = apiService(admin).getSpec().getCaBundle();
                // When
                new Helm(chart)
                        .upgrade()
                        .withName(release)
                        .withNamespace(run)
                        .set("operator.reconcileThreads", 8)
                        .withKubeConfig(api.adminKubeconfig())
                        .call();
                // Then
                assertThat(caBundle).isEqualTo(installed.get("ca.crt"));
                assertThat(secret(admin, run, release).getData())
                        .as("the Secret after the upgrade")
                        .isEqualTo(installed);
                assertThat(apiService(admin).getSpec().getCaBundle()).isEqualTo(caBundle);
            } finally {
                new Helm(chart)
                        .uninstall(release)
                        .withNamespace(run)
                        .withKubeConfig(api.adminKubeconfig())
                        .ignoreNotFound()
                        .call();
                NamespaceSweeper.delete(admin, run);
            }
            assertThat(admin.resources(APIService.class)
                            .withName("v1alpha1.logs.hpcenv.dev")
                            .get())
                    .as("the APIService goes with the release")
                    .isNull();
        }
    }

    private static Secret secret(KubernetesClient admin, String namespace, String release) {
        Secret secret = admin.secrets()
                .inNamespace(namespace)
                .withName(release + "-operator-log-api-tls")
                .get();
        assertThat(secret).as("the log API's certificate Secret").isNotNull();
        return secret;
    }

    private static APIService apiService(KubernetesClient admin) {
        APIService service = admin.resources(APIService.class)
                .withName("v1alpha1.logs.hpcenv.dev")
                .get();
        assertThat(service).as("the chart's APIService").isNotNull();
        return service;
    }
}
