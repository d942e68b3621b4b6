package dev.hpcenv.edf.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One environment definition, independent of where it came from (an EDF file, the spec of a custom
 * resource, the operator's JSON), with the origin of every value. It is the input and the output of
 * the merge: merging layers gives a layer without bases.
 *
 * <p>Absent scalars are null. In {@code env} a null value means "unset this variable" (an empty string
 * in an EDF or a CR).
 *
 * @param source display name of the definition (file as named, or a resource name)
 * @param bases  base references as written, in order
 */
public record EnvironmentLayer(
        String source,
        List<ValueWithOrigin<String>> bases,
        ValueWithOrigin<String> image,
        ValueWithOrigin<String> containerfile,
        ValueWithOrigin<String> workdir,
        ValueWithOrigin<Boolean> entrypoint,
        ValueWithOrigin<Boolean> writable,
        List<ValueWithOrigin<MountSpec>> mounts,
        Map<String, ValueWithOrigin<String>> env,
        Map<String, ValueWithOrigin<String>> annotations,
        List<ValueWithOrigin<String>> devices) {

    public EnvironmentLayer {
        Objects.requireNonNull(source, "source");
        bases = List.copyOf(bases);
        mounts = List.copyOf(mounts);
        env = unmodifiableCopy(env);
        annotations = unmodifiableCopy(annotations);
        devices = List.copyOf(devices);
    }

    private static Map<String, ValueWithOrigin<String>> unmodifiableCopy(Map<String, ValueWithOrigin<String>> m) {
        // LinkedHashMap keeps the written order and, unlike Map.copyOf, allows null-valued ValueWithOrigin contents.
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    public static EnvironmentLayer empty(String source) {
        return new EnvironmentLayer(
                source, List.of(), null, null, null, null, null, List.of(), Map.of(), Map.of(), List.of());
    }

    public EnvironmentLayer withBases(List<ValueWithOrigin<String>> newBases) {
        return new EnvironmentLayer(
                source,
                newBases,
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
}
