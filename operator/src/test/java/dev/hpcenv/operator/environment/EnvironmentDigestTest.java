package dev.hpcenv.operator.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.model.ResolvedEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentDigestTest {

    @Test
    void theOrderOfMapKeysDoesNotChangeTheDigest() {
        // Given: a real API server returns a custom resource's maps sorted by key, the embedded one as written
        ResolvedEnvironment written = environment(ordered("NCCL_DEBUG", "INFO", "GREETING", "hi"));
        ResolvedEnvironment sorted = environment(ordered("GREETING", "hi", "NCCL_DEBUG", "INFO"));
        // Then
        assertThat(EnvironmentDigest.of(written)).isEqualTo(EnvironmentDigest.of(sorted));
        assertThat(EnvironmentDigest.of(written))
                .isNotEqualTo(EnvironmentDigest.of(environment(ordered("GREETING", "hello", "NCCL_DEBUG", "INFO"))));
    }

    private static ResolvedEnvironment environment(Map<String, String> env) {
        ResolvedEnvironment environment = new ResolvedEnvironment();
        environment.setImage("registry.example.com/pytorch:24.01");
        environment.setEnv(env);
        environment.setAnnotations(new LinkedHashMap<>(env));
        return environment;
    }

    private static Map<String, String> ordered(String k1, String v1, String k2, String v2) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
