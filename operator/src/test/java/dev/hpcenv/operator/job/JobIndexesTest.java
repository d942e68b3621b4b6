package dev.hpcenv.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.testing.Resources;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which SlurmCluster changes and listings wake a job: its placed cluster once chosen, every candidate before. */
class JobIndexesTest {

    static Stream<Arguments> clusterKeys() {
        return Stream.of(
                Arguments.of("name", new ClusterRef("alps"), null, List.of("alps")),
                Arguments.of(
                        "names, unplaced",
                        ClusterRef.ofNames(List.of("alps", "eiger")),
                        null,
                        List.of("alps", "eiger")),
                Arguments.of(
                        "selector, unplaced",
                        ClusterRef.ofSelector(new LabelSelectorBuilder()
                                .addToMatchLabels("net", "ib")
                                .build()),
                        null,
                        List.of(JobIndexes.ANY_CLUSTER)),
                Arguments.of("names, placed", ClusterRef.ofNames(List.of("alps", "eiger")), "eiger", List.of("eiger")),
                Arguments.of(
                        "selector, placed",
                        ClusterRef.ofSelector(new LabelSelectorBuilder().build()),
                        "alps",
                        List.of("alps")),
                Arguments.of("name changed after placement", new ClusterRef("eiger"), "alps", List.of("alps")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusterKeys")
    void keysTheJobByItsPlacedClusterOrEveryCandidate(
            String name, ClusterRef ref, String placed, List<String> expected) {
        // Given
        HpcJob job = Resources.job("j", s -> s.setClusterRef(ref));
        if (placed != null) {
            job.setStatus(new HpcJobStatus());
            job.getStatus().setCluster(placed);
        }
        // When / Then
        assertThat(JobIndexes.cluster(job)).isEqualTo(expected);
    }

    @Test
    void aLabelChangeOfASlurmClusterConcernsJobs() {
        // Given
        SlurmCluster old = Resources.cluster(s -> {});
        SlurmCluster updated = Resources.cluster(s -> {});
        updated.getMetadata().setLabels(Map.of("net", "ib"));
        // When / Then
        assertThat(JobIndexes.clusterChangeConcernsJobs(updated, old)).isTrue();
        assertThat(JobIndexes.clusterChangeConcernsJobs(old, Resources.cluster(s -> {})))
                .isFalse();
    }
}
