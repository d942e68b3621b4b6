package dev.hpcenv.operator.orphans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrphanSettingsTest {

    @Test
    void byDefaultTheIdIsTheOperatorNamespacesUidAndOrphansWaitTwoMinutes() {
        OrphanSettings s = OrphanSettings.fromEnvironment(Map.of("POD_NAMESPACE", "hpcenv-system"));
        assertThat(s.installationId()).isEmpty();
        assertThat(s.namespace()).isEqualTo("hpcenv-system");
        assertThat(s.grace()).contains(Duration.ofMinutes(2));
        assertThat(OrphanSettings.defaults().namespace())
                .as("outside a cluster")
                .isEqualTo("default");
    }

    @Test
    void anAdminMayNameTheInstallationAndTheGrace() {
        OrphanSettings s = OrphanSettings.fromEnvironment(
                Map.of("HPCENV_INSTALLATION_ID", "cscs-alps-prod", "HPCENV_ORPHAN_GRACE_SECONDS", "30"));
        assertThat(s.installationId()).contains("cscs-alps-prod");
        assertThat(s.grace()).contains(Duration.ofSeconds(30));
        assertThat(OrphanSettings.fromEnvironment(Map.of("HPCENV_ORPHAN_GRACE_SECONDS", "OFF"))
                        .grace())
                .isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "86401", "2m", "99999999999999999999"})
    void aBadGraceIsRefusedNamingTheVariableAndTheRange(String value) {
        assertThatThrownBy(() -> OrphanSettings.fromEnvironment(Map.of("HPCENV_ORPHAN_GRACE_SECONDS", value)))
                .hasMessage("HPCENV_ORPHAN_GRACE_SECONDS: '" + value + "' is not a number of seconds from 1 to 86400 "
                        + "or 'off' (default 120)");
    }

    @Test
    void aBadInstallationIdIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> OrphanSettings.fromEnvironment(Map.of("HPCENV_INSTALLATION_ID", "prod:1")))
                .hasMessageStartingWith("HPCENV_INSTALLATION_ID: 'prod:1' is not an installation id");
    }
}
