package dev.hpcenv.edf.model;

import dev.hpcenv.model.Mount;
import dev.hpcenv.model.ResolvedEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds layers from environments in object form, so that resolved environments (and, in edf-cli, custom
 * resources) go through the same merge, checks and expansion as EDF files. Origins name the field path
 * (line 0).
 */
public final class EnvironmentLayers {
    private EnvironmentLayers() {}

    /** A layer from a resolved environment (e.g. the operator's JSON); keys are top-level field paths. */
    public static EnvironmentLayer fromResolved(ResolvedEnvironment env, String source) {
        return of(
                source,
                "",
                List.of(),
                env.getImage(),
                env.getContainerfile(),
                env.getWorkdir(),
                env.isEntrypoint(),
                env.isWritable(),
                env.getMounts(),
                env.getEnv(),
                env.getUnsetEnv(),
                env.getAnnotations(),
                env.getDevices());
    }

    /**
     * A layer from the fields of an environment in object form (a resolved environment here, a custom
     * resource's spec in edf-cli); {@code prefix} starts every field path, e.g. {@code spec.}.
     */
    public static EnvironmentLayer of(
            String source,
            String prefix,
            List<String> bases,
            String image,
            String containerfile,
            String workdir,
            Boolean entrypoint,
            Boolean writable,
            List<Mount> mounts,
            Map<String, String> env,
            List<String> unsetEnv,
            Map<String, String> annotations,
            List<String> devices) {
        List<ValueWithOrigin<String>> baseList = new ArrayList<>();
        for (int i = 0; i < nullSafe(bases).size(); i++) {
            baseList.add(new ValueWithOrigin<>(
                    nullToEmpty(bases.get(i)), Origin.of(source, prefix + "baseEnvironments[" + i + "]")));
        }
        List<ValueWithOrigin<MountSpec>> mountList = new ArrayList<>();
        for (int i = 0; i < nullSafe(mounts).size(); i++) {
            // Data from YAML or JSON may hold nulls anywhere; they become empty values that the checks report.
            Mount m = mounts.get(i) == null ? new Mount() : mounts.get(i);
            mountList.add(new ValueWithOrigin<>(
                    new MountSpec(nullToEmpty(m.getSource()), nullToEmpty(m.getTarget()), m.getType(), m.getFlags()),
                    Origin.of(source, prefix + "mounts[" + i + "]")));
        }
        Map<String, ValueWithOrigin<String>> envMap = new LinkedHashMap<>();
        if (env != null) {
            // An empty value unsets, as in an EDF.
            env.forEach((k, v) -> envMap.put(
                    k,
                    new ValueWithOrigin<>(
                            v == null || v.isEmpty() ? null : v, Origin.of(source, prefix + "env." + k))));
        }
        nullSafe(unsetEnv)
                .forEach(k -> envMap.put(k, new ValueWithOrigin<>(null, Origin.of(source, prefix + "unsetEnv"))));
        Map<String, ValueWithOrigin<String>> annotationMap = new LinkedHashMap<>();
        if (annotations != null) {
            annotations.forEach((k, v) -> annotationMap.put(
                    k, new ValueWithOrigin<>(nullToEmpty(v), Origin.of(source, prefix + "annotations." + k))));
        }
        List<ValueWithOrigin<String>> deviceList = new ArrayList<>();
        for (int i = 0; i < nullSafe(devices).size(); i++) {
            deviceList.add(new ValueWithOrigin<>(
                    nullToEmpty(devices.get(i)), Origin.of(source, prefix + "devices[" + i + "]")));
        }
        return new EnvironmentLayer(
                source,
                baseList,
                valued(image, source, prefix + "image"),
                valued(containerfile, source, prefix + "containerfile"),
                valued(workdir, source, prefix + "workdir"),
                valued(entrypoint, source, prefix + "entrypoint"),
                valued(writable, source, prefix + "writable"),
                mountList,
                envMap,
                annotationMap,
                deviceList);
    }

    private static <T> ValueWithOrigin<T> valued(T value, String source, String key) {
        return value == null ? null : new ValueWithOrigin<>(value, Origin.of(source, key));
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
