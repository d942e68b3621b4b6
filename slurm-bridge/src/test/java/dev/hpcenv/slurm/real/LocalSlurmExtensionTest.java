package dev.hpcenv.slurm.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** mvn test needs nothing started: a *Test class that asks for the local Slurm fails before it is started. */
class LocalSlurmExtensionTest {
    @Test
    void aUnitTestThatAsksForTheLocalSlurmFailsBeforeDevSlurmLocalRuns() {
        assertThat(System.getProperty("hpcenv.testLayer"))
                .as("surefire's hpcenv.testLayer (root pom)")
                .isEqualTo("unit");
        assertThatThrownBy(() -> LocalSlurmExtension.requireIntegrationLayer(LocalSlurmExtensionTest.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LocalSlurmExtensionTest uses the local Slurm (LocalSlurmExtension), which only *IT classes"
                        + " may do: rename it LocalSlurmExtensionIT so that failsafe runs it in mvn verify"
                        + " (mvn test runs the *Test classes, which start nothing)");
    }
}
