package dev.hpcenv.edf.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.edf.EdfException;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's entry point: CR specs merged by the EDF rules, variables and relative paths kept for the node. */
class EnvironmentMergerTest {

    @Test
    void mergesSpecsLikeEdfFiles() throws EdfException {
        EnvironmentSpec base = new EnvironmentSpec();
        base.setImage("nvcr.io#nvidia/pytorch:24.01-py3");
        base.setMounts(List.of(new Mount("${SCRATCH}", "/scratch", MountType.BIND, List.of())));
        base.setEnv(new LinkedHashMap<>(Map.of("A", "1")));
        EnvironmentSpec top = new EnvironmentSpec();
        top.setWritable(false);
        top.setMounts(List.of(new Mount("./data", "/scratch", MountType.BIND, List.of("ro"))));
        top.setEnv(new LinkedHashMap<>(Map.of("A", "")));

        ResolvedEnvironment env = EnvironmentMerger.merge(List.of(
                new EnvironmentMerger.NamedSpec("ClusterHpcEnvironment cscs-mlp", base),
                new EnvironmentMerger.NamedSpec("HpcEnvironment ml/app", top)));

        assertThat(env.getImageRef().getRegistry()).isEqualTo("nvcr.io");
        assertThat(env.isWritable()).isFalse();
        assertThat(env.getMounts()).containsExactly(new Mount("./data", "/scratch", MountType.BIND, List.of("ro")));
        assertThat(env.getEnv()).isEmpty();
        assertThat(env.getUnsetEnv()).containsExactly("A");
        assertThat(env.getBases()).containsExactly("ClusterHpcEnvironment cscs-mlp", "HpcEnvironment ml/app");
    }

    @Test
    void invalidValuesAreNamedBySourceAndFieldPath() {
        EnvironmentSpec spec = new EnvironmentSpec();
        spec.setImage("Not An Image");
        spec.setMounts(List.of(new Mount("data", "/d", MountType.BIND, List.of())));
        assertThatThrownBy(() ->
                        EnvironmentMerger.merge(List.of(new EnvironmentMerger.NamedSpec("HpcEnvironment ml/x", spec))))
                .hasMessage("HpcEnvironment ml/x: spec.image: image 'Not An Image' contains whitespace\n"
                        + "HpcEnvironment ml/x: spec.mounts[0]: mount source 'data' must be an absolute path or start with ./"
                        + " (hint: write /abs/path, ./relative/path or ${VAR})");
    }

    @Test
    void aBindMountFlagThatWouldLiftNosuidIsRefusedAsOnTheNode() {
        // The node refuses these flags (MountPlanner): the environment's Ready says so before any job runs.
        EnvironmentSpec spec = new EnvironmentSpec();
        spec.setImage("alpine");
        spec.setMounts(List.of(
                new Mount("/data", "/d", MountType.BIND, List.of("rw", "suid", "dev")),
                new Mount("/data", "/e", MountType.BIND, List.of("${FLAGS}"))));
        assertThatThrownBy(() ->
                        EnvironmentMerger.merge(List.of(new EnvironmentMerger.NamedSpec("HpcEnvironment ml/x", spec))))
                .hasMessage("HpcEnvironment ml/x: spec.mounts[0]: mount flag 'suid' is not allowed: bind mounts"
                        + " are always nosuid,nodev (hint: remove 'suid' from the mount's flags)\n"
                        + "HpcEnvironment ml/x: spec.mounts[0]: mount flag 'dev' is not allowed: bind mounts"
                        + " are always nosuid,nodev (hint: remove 'dev' from the mount's flags)");
    }
}
