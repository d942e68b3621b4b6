package dev.hpcenv.shim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.model.ImageRef;
import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import dev.hpcenv.model.ResolvedEnvironment;
import dev.hpcenv.shim.error.ShimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolvedEnvironmentReaderTest {
    private final ObjectMapper json = new ObjectMapper();

    private static ResolvedEnvironment full() {
        ResolvedEnvironment e = new ResolvedEnvironment();
        e.setImage("nvcr.io#nvidia/pytorch:24.01-py3");
        e.setImageRef(new ImageRef("nvcr.io", "nvidia/pytorch", "24.01-py3", null, "alice"));
        e.setContainerfile("/c/Containerfile");
        e.setWorkdir("/w");
        e.setEntrypoint(true);
        e.setWritable(false);
        e.setMounts(new ArrayList<>(List.of(
                new Mount("/scratch", "/scratch", MountType.BIND, List.of("ro", "private")),
                new Mount("/d.sqsh", "/data", MountType.SQUASHFS, List.of()))));
        e.setEnv(new java.util.LinkedHashMap<>(Map.of("A", "1")));
        e.setUnsetEnv(new ArrayList<>(List.of("B")));
        e.setAnnotations(new java.util.LinkedHashMap<>(Map.of("com.hooks.cxi.enabled", "true")));
        e.setDevices(new ArrayList<>(List.of("nvidia.com/gpu=all")));
        e.setBases(new ArrayList<>(List.of("base")));
        return e;
    }

    @Test
    void readsWhatTheCrdsModelWrites() throws Exception {
        ResolvedEnvironment e = full();
        String written = json.writeValueAsString(e);
        assertThat(new ResolvedEnvironmentReader("HPCENV_SPEC").read(written)).isEqualTo(e);
    }

    @Test
    void knowsEveryFieldOfTheContract() throws Exception {
        // Fails when the crds model gains a field: the reader must learn it too.
        var fields = new ArrayList<String>();
        json.readTree(json.writeValueAsString(full())).fieldNames().forEachRemaining(fields::add);
        assertThat(ResolvedEnvironmentReader.FIELDS).containsExactlyInAnyOrderElementsOf(fields);
    }

    @Test
    void defaultsMatchTheModelAndMistakesNameTheField() {
        ResolvedEnvironment minimal = new ResolvedEnvironmentReader("s").read("{\"image\":\"/x.sqsh\"}");
        assertThat(minimal.isWritable()).isTrue();
        assertThat(minimal.isEntrypoint()).isFalse();
        assertThat(minimal.getMounts()).isEmpty();
        assertError("{\"imgae\":\"x\"}", "HPCENV_SPEC: unknown field 'imgae'");
        assertError("{\"writable\":\"yes\"}", "writable must be true or false");
        assertError("{\"mounts\":[{\"source\":\"/a\",\"target\":\"/b\",\"type\":\"nfs\"}]}", "mounts[0].type");
        assertError("{\"env\":{\"A\":1}}", "env.A must be a string");
        assertError("{\"image\":", "HPCENV_SPEC:1: invalid JSON");
        assertError("[]", "expected a JSON object");
    }

    private void assertError(String text, String message) {
        assertThatThrownBy(() -> new ResolvedEnvironmentReader("HPCENV_SPEC").read(text))
                .isInstanceOf(ShimException.class)
                .hasMessageContaining(message);
    }
}
