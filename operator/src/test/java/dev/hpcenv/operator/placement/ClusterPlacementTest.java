package dev.hpcenv.operator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.crd.v1alpha1.SlurmClusterStatus;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.testing.Resources;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The placement rule of docs/workflows.md, section 5, as a table. */
class ClusterPlacementTest {

    private static final String NS = Resources.NAMESPACE;
    private static final Function<String, Optional<String>> DENY_ROOT =
            user -> user.equals("root") ? Optional.of("root, which runs no job") : Optional.empty();

    /** A SlurmCluster with a Ready condition (status, reason), labels, and the namespace mapped to a user or not. */
    static SlurmCluster cluster(String name, String ready, String reason, Map<String, String> labels, String user) {
        SlurmCluster c = Resources.cluster(spec -> spec.setUserMappings(
                user == null ? new ArrayList<>() : new ArrayList<>(List.of(new UserMapping(NS, user, null)))));
        c.getMetadata().setName(name);
        c.getMetadata().setLabels(labels);
        if (ready != null) {
            SlurmClusterStatus status = new SlurmClusterStatus();
            status.setConditions(new ArrayList<>(List.of(new Condition("Ready", ready, reason, "because"))));
            c.setStatus(status);
        }
        return c;
    }

    static SlurmCluster ready(String name, Map<String, String> labels) {
        return cluster(name, Condition.TRUE, "Ready", labels, "alice");
    }

    static SlurmCluster ready(String name) {
        return ready(name, Map.of());
    }

    static SlurmCluster unreachable(String name) {
        return cluster(name, Condition.FALSE, "Unreachable", Map.of("net", "ib"), "alice");
    }

    static ClusterRef names(String... names) {
        return ClusterRef.ofNames(List.of(names));
    }

    static ClusterRef selector(String key, String value) {
        return ClusterRef.ofSelector(
                new LabelSelectorBuilder().addToMatchLabels(key, value).build());
    }

    record Row(ClusterRef ref, String recorded, boolean submitted, List<SlurmCluster> clusters, Placement expected) {}

    static Stream<Arguments> table() {
        return Stream.of(
                row(
                        "names: the first in order that is Ready and maps the namespace",
                        names("a", "b", "c"),
                        null,
                        false,
                        List.of(ready("c"), ready("b"), unreachable("a")),
                        new Placement.On("b", false, true)),
                row(
                        "names: the order of the list, not of the names",
                        names("z", "a"),
                        null,
                        false,
                        List.of(ready("a"), ready("z")),
                        new Placement.On("z", false, true)),
                row(
                        "names: a cluster that does not map the namespace is passed over",
                        names("a", "b"),
                        null,
                        false,
                        List.of(cluster("a", Condition.TRUE, "Ready", Map.of(), null), ready("b")),
                        new Placement.On("b", false, true)),
                row(
                        "names: a cluster mapping the namespace to a denied user is passed over",
                        names("a", "b"),
                        null,
                        false,
                        List.of(cluster("a", Condition.TRUE, "Ready", Map.of(), "root"), ready("b")),
                        new Placement.On("b", false, true)),
                row(
                        "names: Ready False only for another namespace's denied mapping still takes jobs",
                        names("a", "b"),
                        null,
                        false,
                        List.of(cluster("a", Condition.FALSE, "UserMappingDenied", Map.of(), "alice"), ready("b")),
                        new Placement.On("a", false, true)),
                row(
                        "names: a cluster not checked yet is passed over",
                        names("a", "b"),
                        null,
                        false,
                        List.of(cluster("a", null, null, Map.of(), "alice"), ready("b")),
                        new Placement.On("b", false, true)),
                row(
                        "names: none ready, each named with why",
                        names("a", "gone"),
                        null,
                        false,
                        List.of(unreachable("a")),
                        new Placement.NoneReady("no SlurmCluster of spec.clusterRef is Ready and maps namespace "
                                + NS + " to a Slurm user; a: not Ready (Unreachable: because); gone: does not "
                                + "exist (the job waits and is placed when one is)")),
                row(
                        "selector: the matching clusters by name",
                        selector("net", "ib"),
                        null,
                        false,
                        List.of(
                                ready("c", Map.of("net", "ib")),
                                ready("a", Map.of("net", "eth")),
                                ready("b", Map.of("net", "ib"))),
                        new Placement.On("b", false, true)),
                row(
                        "selector: a matching cluster that is not Ready is passed over",
                        selector("net", "ib"),
                        null,
                        false,
                        List.of(unreachable("a"), ready("b", Map.of("net", "ib"))),
                        new Placement.On("b", false, true)),
                row(
                        "selector: nothing matches",
                        selector("net", "ib"),
                        null,
                        false,
                        List.of(ready("a", Map.of("net", "eth"))),
                        new Placement.NoneReady("no SlurmCluster matches spec.clusterRef.selector {net=ib} "
                                + "(hint: kubectl get slurmclusters --show-labels)")),
                row(
                        "recorded and submitted: kept, even when a better cluster is Ready now",
                        names("a", "b"),
                        "b",
                        true,
                        List.of(ready("a"), unreachable("b")),
                        new Placement.On("b", true, false)),
                row(
                        "recorded and submitted: kept even when the spec no longer offers it",
                        names("a"),
                        "b",
                        true,
                        List.of(ready("a")),
                        new Placement.On("b", true, false)),
                row(
                        "recorded, not submitted, still offered: kept (the choice is made once)",
                        names("a", "b"),
                        "b",
                        false,
                        List.of(ready("a"), unreachable("b")),
                        new Placement.On("b", true, false)),
                row(
                        "recorded, not submitted, no longer offered: placed again",
                        names("a"),
                        "b",
                        false,
                        List.of(ready("a"), ready("b")),
                        new Placement.On("a", false, true)),
                row(
                        "name: placed there whatever its state, as before lists existed",
                        new ClusterRef("gone"),
                        null,
                        false,
                        List.of(),
                        new Placement.On("gone", false, false)),
                row(
                        "name: recorded at submission, kept",
                        new ClusterRef("a"),
                        "a",
                        true,
                        List.of(),
                        new Placement.On("a", true, false)),
                row("no reference", null, null, false, List.of(ready("a")), new Placement.Unplaced()));
    }

    private static Arguments row(
            String name,
            ClusterRef ref,
            String recorded,
            boolean submitted,
            List<SlurmCluster> clusters,
            Placement expected) {
        return Arguments.of(name, new Row(ref, recorded, submitted, clusters, expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void placesByTheRule(String name, Row row) {
        // When
        Placement placement =
                ClusterPlacement.place(row.ref(), row.recorded(), row.submitted(), NS, row.clusters(), DENY_ROOT);
        // Then
        assertThat(placement).isEqualTo(row.expected());
    }
}
