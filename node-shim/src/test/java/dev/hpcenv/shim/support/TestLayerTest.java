package dev.hpcenv.shim.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mvn test needs nothing started: a *Test class that reaches for the registry or the shared environment fails at once. */
class TestLayerTest {
    @Test
    void theRegistryRefusesToStartForAUnitTestAndWritesNothing(@TempDir Path dir) {
        assertThat(System.getProperty("hpcenv.testLayer"))
                .as("surefire's hpcenv.testLayer (root pom)")
                .isEqualTo("unit");
        Path registry = dir.resolve("registry");
        assertThatThrownBy(() -> TestRegistry.start(registry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("TestLayerTest starts docker-registry, which only *IT classes may do: rename TestLayerTest"
                        + " to TestLayerIT so that failsafe runs it in mvn verify (mvn test runs the *Test classes, which"
                        + " start nothing)");
        assertThat(registry).doesNotExist();
    }

    @Test
    void anExtensionNamesTheTestClassItServes() {
        assertThatThrownBy(() -> TestLayer.requireIntegration("runc", "MountsTest"))
                .hasMessageStartingWith(
                        "MountsTest starts runc, which only *IT classes may do: rename MountsTest to MountsIT");
    }

    @Test
    void theSharedShimEnvironmentRefusesToStartForAUnitTest() {
        assertThatThrownBy(ShimTestEnv::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("TestLayerTest starts the shim's test environment (test user, registry)");
    }
}
