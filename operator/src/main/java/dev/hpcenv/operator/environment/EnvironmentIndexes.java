package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.function.Function;

/** Index of environments by the base names they list, so a changed base wakes its dependents. */
public final class EnvironmentIndexes {

    public static final String BY_BASE = "hpcenv-base";

    private EnvironmentIndexes() {}

    public static <T extends CustomResource<EnvironmentSpec, ?>> Function<T, List<String>> byBase() {
        return env ->
                env.getSpec() == null ? List.of() : List.copyOf(env.getSpec().getBaseEnvironments());
    }
}
