package dev.hpcenv.edf.merge;

import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.MountSpec;
import dev.hpcenv.edf.model.ValueWithOrigin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place the merge rules live, for EDF files, custom resources and the node alike. Layers are
 * applied in order (bases first, each already flattened, the environment itself last):
 * <ul>
 *   <li>scalars ({@code image}, {@code containerfile}, {@code workdir}, {@code entrypoint}, {@code writable}):
 *       the last layer that sets one wins;</li>
 *   <li>{@code env}, {@code annotations}: key by key, later wins; an unset ({@code null}) env value is kept
 *       so that it removes a variable a base set, and a later value sets it again;</li>
 *   <li>{@code mounts}: appended, a later mount with the same target replaces the earlier one;</li>
 *   <li>{@code devices}: appended.</li>
 * </ul>
 */
public final class LayerMerger {
    private LayerMerger() {}

    /** Merges layers in application order into one layer without bases, named {@code source}. */
    public static EnvironmentLayer merge(String source, List<EnvironmentLayer> layers) {
        ValueWithOrigin<String> image = null;
        ValueWithOrigin<String> containerfile = null;
        ValueWithOrigin<String> workdir = null;
        ValueWithOrigin<Boolean> entrypoint = null;
        ValueWithOrigin<Boolean> writable = null;
        List<ValueWithOrigin<MountSpec>> mounts = new ArrayList<>();
        Map<String, ValueWithOrigin<String>> env = new LinkedHashMap<>();
        Map<String, ValueWithOrigin<String>> annotations = new LinkedHashMap<>();
        List<ValueWithOrigin<String>> devices = new ArrayList<>();
        for (EnvironmentLayer layer : layers) {
            image = later(image, layer.image());
            containerfile = later(containerfile, layer.containerfile());
            workdir = later(workdir, layer.workdir());
            entrypoint = later(entrypoint, layer.entrypoint());
            writable = later(writable, layer.writable());
            layer.mounts().forEach(m -> MountList.add(mounts, m));
            env.putAll(layer.env());
            annotations.putAll(layer.annotations());
            devices.addAll(layer.devices());
        }
        return new EnvironmentLayer(
                source,
                List.of(),
                image,
                containerfile,
                workdir,
                entrypoint,
                writable,
                mounts,
                env,
                annotations,
                devices);
    }

    private static <T> ValueWithOrigin<T> later(ValueWithOrigin<T> earlier, ValueWithOrigin<T> later) {
        return later != null ? later : earlier;
    }
}
