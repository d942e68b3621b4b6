package dev.hpcenv.operator.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HpcEnvironmentReconcilerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MapLookups lookups = new MapLookups();
    private final RecordingEvents events = new RecordingEvents();
    private final HpcEnvironmentReconciler reconciler = new HpcEnvironmentReconciler(
            EnvironmentEventSources.ofHpcEnvironments(),
            lookups,
            events,
            new OperatorMetrics(),
            clock,
            new dev.hpcenv.operator.reading.UnreadableResources());

    @Test
    void waitsForAMissingBaseThenResolvesWhenItAppears() {
        // Given
        HpcEnvironment env =
                Resources.environment("team-a", "app", s -> s.setBaseEnvironments(new ArrayList<>(List.of("site"))));
        reconciler.resolve(env);
        String reasonWithoutBase = ready(env).getReason();
        lookups.add(Resources.clusterEnvironment("site", s -> s.setImage("site/base:1")));
        clock.advance(Duration.ofMinutes(1));
        // When
        reconciler.resolve(env);
        // Then
        assertThat(reasonWithoutBase).isEqualTo("BaseNotFound");
        assertThat(ready(env).getStatus()).isEqualTo(Condition.TRUE);
        assertThat(env.getStatus().getResolved().getImage()).isEqualTo("site/base:1");
        assertThat(ready(env).getLastTransitionTime()).isEqualTo("2026-01-01T00:01:00Z");
        assertThat(events.reasons()).containsExactly("BaseNotFound", "Resolved");
    }

    @Test
    void anUnchangedResolutionSendsNoPatch() {
        // Given
        HpcEnvironment env = Resources.environment("team-a", "app", s -> s.setImage("a:1"));
        reconciler.resolve(env);
        clock.advance(Duration.ofMinutes(1));
        // When
        UpdateControl<HpcEnvironment> second = reconciler.resolve(env);
        // Then
        assertThat(second.isNoUpdate()).isTrue();
    }

    private static Condition ready(HpcEnvironment env) {
        return env.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow();
    }
}
