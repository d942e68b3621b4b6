package dev.hpcenv.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.crd.v1alpha1.SlurmClusterStatus;
import dev.hpcenv.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SlurmClusterStatusFactoryTest {

    private static final List<String> OFFERED_2605 = List.of("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SlurmClusterStatusFactory statuses = new SlurmClusterStatusFactory(clock);

    @Test
    void aDeprecatedVersionIsAWarningBesideReadyNotAnError() {
        // When
        SlurmClusterStatus status = statuses.build(
                null,
                1L,
                healthy("v0.0.42", Optional.of("Slurm 26.05.1 deprecates v0.0.42; 26.11 removes it")),
                Optional.empty(),
                List.of());
        // Then
        assertThat(describe(status))
                .isEqualTo("Reachable=True/Connected ApiVersionCurrent=False/ApiVersionDeprecated Ready=True/Ready");
        assertThat(condition(status, "ApiVersionCurrent").getMessage()).contains("26.11 removes it");
        assertThat(status.getOfferedApiVersions()).containsExactlyElementsOf(OFFERED_2605);
        assertThat(status.getApiVersion()).isEqualTo("v0.0.42");
    }

    @Test
    void aCurrentVersionIsApiVersionCurrentTrue() {
        // When
        SlurmClusterStatus status =
                statuses.build(null, 1L, healthy("v0.0.45", Optional.empty()), Optional.empty(), List.of());
        // Then
        assertThat(describe(status))
                .isEqualTo("Reachable=True/Connected ApiVersionCurrent=True/ApiVersionSupported Ready=True/Ready");
        assertThat(condition(status, "ApiVersionCurrent").getReason())
                .isEqualTo(ConditionReasons.Cluster.API_VERSION_SUPPORTED);
    }

    @Test
    void whileTheClusterIsAwayWhatWasLastSeenOfItsVersionsStaysWithItsTransitionTime() {
        // Given
        SlurmClusterStatus seen =
                statuses.build(null, 1L, healthy("v0.0.42", Optional.of("deprecated")), Optional.empty(), List.of());
        String since = condition(seen, "ApiVersionCurrent").getLastTransitionTime();
        clock.advance(Duration.ofMinutes(5));
        // When
        SlurmClusterStatus away = statuses.build(
                seen,
                1L,
                new ClusterProbe.Broken(ConditionReasons.Cluster.UNREACHABLE, "connection refused"),
                Optional.empty(),
                List.of());
        // Then
        assertThat(describe(away))
                .isEqualTo(
                        "Reachable=False/Unreachable ApiVersionCurrent=False/ApiVersionDeprecated Ready=False/Unreachable");
        assertThat(condition(away, "ApiVersionCurrent").getLastTransitionTime()).isEqualTo(since);
        assertThat(away.getOfferedApiVersions()).containsExactlyElementsOf(OFFERED_2605);
    }

    @Test
    void aClusterNeverReachedHasNoVersionCondition() {
        // When
        SlurmClusterStatus status = statuses.build(
                null,
                1L,
                new ClusterProbe.Broken(ConditionReasons.Cluster.UNREACHABLE, "connection refused"),
                Optional.empty(),
                List.of());
        // Then
        assertThat(describe(status)).isEqualTo("Reachable=False/Unreachable Ready=False/Unreachable");
        assertThat(status.getOfferedApiVersions()).isEmpty();
    }

    private static ClusterProbe.Healthy healthy(String apiVersion, Optional<String> deprecation) {
        return new ClusterProbe.Healthy("26.05.1", apiVersion, OFFERED_2605, deprecation, List.of("debug"));
    }

    private static Condition condition(SlurmClusterStatus status, String type) {
        return status.getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private static String describe(SlurmClusterStatus status) {
        return status.getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                .collect(Collectors.joining(" "));
    }
}
