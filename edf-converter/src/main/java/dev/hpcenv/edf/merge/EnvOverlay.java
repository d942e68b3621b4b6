package dev.hpcenv.edf.merge;

import dev.hpcenv.edf.model.EnvironmentLayers;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts variables over a resolved environment as one more layer of the merge would: a value sets its
 * variable, an empty one unsets it. The operator applies an HpcJob's {@code env} this way, so the EDF rule
 * is not restated there.
 */
public final class EnvOverlay {
    private EnvOverlay() {}

    /** Changes only {@code env} and {@code unsetEnv} of {@code resolved}. */
    public static void apply(ResolvedEnvironment resolved, Map<String, String> env) {
        Map<String, ValueWithOrigin<String>> merged = LayerMerger.merge(
                        "env",
                        List.of(
                                EnvironmentLayers.fromResolved(resolved, "resolved environment"),
                                EnvironmentLayers.of(
                                        "env", "", List.of(), null, null, null, null, null, List.of(), env, List.of(),
                                        Map.of(), List.of())))
                .env();
        Map<String, String> set = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        merged.forEach((name, value) -> {
            if (value.value() == null) {
                unset.add(name);
            } else {
                set.put(name, value.value());
            }
        });
        resolved.setEnv(set);
        resolved.setUnsetEnv(unset);
    }
}
