package dev.hpcenv.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpNamesTheEmbeddedApiOptions() {
        assertThat(launcher(Map.of()).run("--help")).isZero();
        assertThat(out()).contains("--embedded-api", "--api-only", "--kubeconfig-out", "--api-port");
    }

    @Test
    void withoutEmbeddedApiItIsAUsageErrorPointingAtTheOperator() {
        assertThat(launcher(Map.of()).run("--api-only")).isEqualTo(2);
        assertThat(err())
                .isEqualTo("hpcenv-operator: Missing required option: '--embedded-api'"
                        + " (see hpcenv-operator --embedded-api --help)\n");
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertThat(launcher(Map.of()).run("--embedded-api", "--api-port", "70000"))
                .isEqualTo(2);
        assertThat(err())
                .isEqualTo("hpcenv-operator: --api-port 70000: not a port from 1 to 65535"
                        + " (leave it out for a free one)\n");
    }

    @Test
    void aBadOperatorSettingIsOneLineNamingTheVariable() {
        assertThat(launcher(Map.of("HPCENV_HTTP_PORT", "eighty")).run("--embedded-api"))
                .isEqualTo(2);
        assertThat(err()).isEqualTo("hpcenv-operator: HPCENV_HTTP_PORT: 'eighty' is not a whole number\n");
    }

    @Test
    void apiOnlyServesHpcenvKindsThroughTheKubeconfigItWrites(@TempDir Path dir) throws Exception {
        // Given
        Path kubeconfig = dir.resolve("kubeconfig");
        LauncherMain launcher = launcher(Map.of());
        // When
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> launcher.run("--embedded-api", "--api-only", "--kubeconfig-out", kubeconfig.toString()));
        awaitRunning(exit);
        // Then
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build()) {
            assertThat(client.getApiResources("hpcenv.dev/v1alpha1").getResources())
                    .extracting(r -> r.getName())
                    .contains("hpcjobs", "hpcenvironments", "clusterhpcenvironments", "slurmclusters");
        }
        launcher.stop();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(out())
                .contains("hpcenv-operator: --api-only: no operator runs in this process", "hpcenv-operator: stopping");
    }

    private void awaitRunning(CompletableFuture<Integer> exit) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!out().contains("hpcenv-operator: running")) {
            if (exit.isDone() || Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "the launcher did not report running\n--- out\n" + out() + "--- err\n" + err());
            }
            Thread.sleep(20);
        }
    }

    private LauncherMain launcher(Map<String, String> env) {
        return new LauncherMain(
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
