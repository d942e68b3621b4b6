package dev.hpcenv.edf.convert;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.EnvironmentLayers;
import dev.hpcenv.edf.model.ValueWithOrigin;
import dev.hpcenv.model.Mount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers from the spec of an HpcEnvironment/ClusterHpcEnvironment and back, so that custom resources go
 * through the same merge, checks and expansion as EDF files. Origins name the field path (line 0).
 */
public final class SpecLayers {
    private SpecLayers() {}

    /** A layer from the spec of an HpcEnvironment/ClusterHpcEnvironment; keys are {@code spec.…} paths. */
    public static EnvironmentLayer fromSpec(EnvironmentSpec spec, String source) {
        return EnvironmentLayers.of(
                source,
                "spec.",
                spec.getBaseEnvironments(),
                spec.getImage(),
                spec.getContainerfile(),
                spec.getWorkdir(),
                spec.getEntrypoint(),
                spec.getWritable(),
                spec.getMounts(),
                spec.getEnv(),
                List.of(),
                spec.getAnnotations(),
                spec.getDevices());
    }

    /** The spec of one layer; {@code baseNames} replace the layer's base references (CR names). */
    public static EnvironmentSpec toSpec(EnvironmentLayer layer, List<String> baseNames) {
        EnvironmentSpec spec = new EnvironmentSpec();
        spec.setBaseEnvironments(new ArrayList<>(baseNames));
        spec.setImage(value(layer.image()));
        spec.setContainerfile(value(layer.containerfile()));
        spec.setWorkdir(value(layer.workdir()));
        spec.setEntrypoint(value(layer.entrypoint()));
        spec.setWritable(value(layer.writable()));
        List<Mount> mounts = new ArrayList<>();
        layer.mounts().forEach(m -> mounts.add(m.value().toMount()));
        spec.setMounts(mounts);
        Map<String, String> env = new LinkedHashMap<>();
        layer.env().forEach((k, v) -> env.put(k, v.value() == null ? "" : v.value()));
        spec.setEnv(env);
        Map<String, String> annotations = new LinkedHashMap<>();
        layer.annotations().forEach((k, v) -> annotations.put(k, v.value()));
        spec.setAnnotations(annotations);
        spec.setDevices(new ArrayList<>(
                layer.devices().stream().map(ValueWithOrigin::value).toList()));
        return spec;
    }

    private static <T> T value(ValueWithOrigin<T> v) {
        return v == null ? null : v.value();
    }
}
