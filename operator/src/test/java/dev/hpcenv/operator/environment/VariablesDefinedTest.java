package dev.hpcenv.operator.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.reading.UnreadableResources;
import dev.hpcenv.operator.testing.MapLookups;
import dev.hpcenv.operator.testing.MutableClock;
import dev.hpcenv.operator.testing.RecordingEvents;
import dev.hpcenv.operator.testing.Resources;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VariablesDefined: a warning about ${VAR} no node defines, beside a Ready that stays True. */
class VariablesDefinedTest {
    private static final Path ROOT =
            Path.of(System.getProperty("hpcenv.root", "..")).toAbsolutePath().normalize();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MapLookups lookups = new MapLookups();
    private final RecordingEvents events = new RecordingEvents();

    @Test
    void warnsAboutVariablesNoNodeDefinesAndStaysReady() {
        // Given
        HpcEnvironment env = Resources.environment("team-a", "app", s -> {
            s.setImage("alpine:3.19");
            s.setMounts(new ArrayList<>(List.of(
                    new Mount("${SCRATCH}", "/scratch", MountType.BIND, List.of()),
                    new Mount("${HOME}/.bash_history", "/.bash_history", MountType.BIND, List.of()))));
            s.setEnv(new LinkedHashMap<>(Map.of("DATA", "${PROJECT:-/tmp}/data")));
        });
        // When
        reconcile(env);
        // Then
        assertThat(condition(env, "Ready").getStatus()).isEqualTo(Condition.TRUE);
        Condition variables = condition(env, "VariablesDefined");
        assertThat(variables.getStatus()).isEqualTo(Condition.FALSE);
        assertThat(variables.getReason()).isEqualTo("UndefinedVariables");
        assertThat(variables.getMessage())
                .startsWith("${SCRATCH} in mounts[0].source is not defined by the job, "
                        + "the node's login variables (HOME, USER, LOGNAME, SHELL)")
                .doesNotContain("${HOME}")
                .doesNotContain("${PROJECT}")
                .contains("spec.nodeVariables");
        assertThat(events.all()).anyMatch(e -> e.reason().equals("UndefinedVariables"));
    }

    @Test
    void aSlurmClusterListingTheVariableClearsTheWarning() {
        HpcEnvironment env = Resources.environment("team-a", "app", s -> {
            s.setImage("alpine:3.19");
            s.setWorkdir("${SCRATCH}/run");
        });
        reconcile(env);
        assertThat(condition(env, "VariablesDefined").getStatus()).isEqualTo(Condition.FALSE);
        // When
        lookups.add(Resources.cluster(c -> c.setNodeVariables(new ArrayList<>(List.of("SCRATCH", "PROJECT")))));
        reconcile(env);
        // Then
        Condition variables = condition(env, "VariablesDefined");
        assertThat(variables.getStatus()).isEqualTo(Condition.TRUE);
        assertThat(variables.getReason()).isEqualTo("AllDefined");
    }

    @Test
    void anUnresolvedEnvironmentHasNoVariablesCondition() {
        HpcEnvironment env =
                Resources.environment("team-a", "app", s -> s.setBaseEnvironments(new ArrayList<>(List.of("gone"))));
        reconcile(env);
        assertThat(env.getStatus().getConditions())
                .extracting(Condition::getType)
                .containsExactly("Ready");
    }

    @Test
    void theSiteDefaultsExampleNeedsOnlyLoginVariablesAndTheSitesScratch() throws IOException {
        // examples/site-defaults/cscs-mlp: ${HOME} is a login variable on every node; ${SCRATCH} is the site's.
        ClusterHpcEnvironment example = Serialization.unmarshal(
                Files.readString(ROOT.resolve("examples/site-defaults/01.ClusterHpcEnvironment.cscs-mlp.yaml")),
                ClusterHpcEnvironment.class);
        example.getMetadata().setGeneration(1L);
        ClusterHpcEnvironmentReconciler reconciler = new ClusterHpcEnvironmentReconciler(
                EnvironmentEventSources.ofClusterHpcEnvironments(),
                lookups,
                events,
                new OperatorMetrics(),
                clock,
                new UnreadableResources());
        reconciler.resolve(example);
        assertThat(example.getStatus().getConditions().stream()
                        .filter(c -> c.getType().equals("VariablesDefined"))
                        .findFirst()
                        .orElseThrow()
                        .getMessage())
                .startsWith("${SCRATCH} in mounts[1].source, ${SCRATCH} in " + "mounts[1].target are not defined")
                .doesNotContain("${HOME}");
        lookups.add(Resources.cluster(c -> c.setNodeVariables(new ArrayList<>(List.of("SCRATCH")))));
        reconciler.resolve(example);
        assertThat(example.getStatus().getConditions())
                .filteredOn(c -> c.getType().equals("VariablesDefined"))
                .singleElement()
                .extracting(Condition::getStatus)
                .isEqualTo(Condition.TRUE);
    }

    private void reconcile(HpcEnvironment env) {
        new HpcEnvironmentReconciler(
                        EnvironmentEventSources.ofHpcEnvironments(),
                        lookups,
                        events,
                        new OperatorMetrics(),
                        clock,
                        new UnreadableResources())
                .resolve(env);
    }

    private static Condition condition(HpcEnvironment env, String type) {
        return env.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }
}
