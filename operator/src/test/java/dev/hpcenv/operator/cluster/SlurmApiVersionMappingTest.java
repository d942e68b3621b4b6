package dev.hpcenv.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.SlurmApiVersion;
import dev.hpcenv.slurm.ApiVersion;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The CRD's spec.apiVersion enum and the bridge's adapters name the same versions: a value the CRD accepts
 * but the bridge lacks would quietly become auto-detection, and an adapter the CRD lacks cannot be pinned.
 */
class SlurmApiVersionMappingTest {

    @Test
    void everyPinnableVersionHasAnAdapterAndEveryAdapterCanBePinned() {
        assertThat(Arrays.stream(SlurmApiVersion.values())
                        .filter(v -> v != SlurmApiVersion.AUTO)
                        .map(SlurmApiVersion::wire))
                .containsExactlyElementsOf(Arrays.stream(ApiVersion.values())
                        .map(ApiVersion::pathSegment)
                        .toList());
    }
}
