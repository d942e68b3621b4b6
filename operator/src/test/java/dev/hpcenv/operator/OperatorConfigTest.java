package dev.hpcenv.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

    @Test
    void defaultsWithoutAnyVariable() {
        OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.batchWorkdir()).isEqualTo("/tmp");
        assertThat(config.leaderElection()).isEmpty();
    }

    @Test
    void leaderElectionTakesNamespaceAndPodName() {
        OperatorConfig config = OperatorConfig.fromEnvironment(
                Map.of("HPCENV_LEADER_ELECTION", "true", "POD_NAMESPACE", "hpcenv-system", "POD_NAME", "op-0"));
        assertThat(config.leaderElection()).contains(new OperatorConfig.LeaderElection("hpcenv-system", "op-0"));
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("HPCENV_HTTP_PORT", "http")))
                .hasMessage("HPCENV_HTTP_PORT: 'http' is not a whole number");
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("HPCENV_BATCH_WORKDIR", "scratch")))
                .hasMessageStartingWith("HPCENV_BATCH_WORKDIR: 'scratch' is not an absolute path");
        assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("HPCENV_LEADER_ELECTION", "true")))
                .hasMessageContaining("POD_NAMESPACE");
    }
}
