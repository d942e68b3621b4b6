package dev.hpcenv.edf.model;

import dev.hpcenv.model.Mount;
import dev.hpcenv.model.MountType;
import java.util.List;
import java.util.Objects;

/** One mount, immutable: what {@code SOURCE[:TARGET[:FLAGS]]} means. */
public record MountSpec(String source, String target, MountType type, List<String> flags) {

    public MountSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        // Keep the list free of nulls that YAML input might carry.
        flags = flags == null
                ? null
                : flags.stream().map(f -> f == null ? "" : f).toList();
        type = type == null ? MountType.BIND : type;
        flags = flags == null ? List.of() : List.copyOf(flags);
    }

    public Mount toMount() {
        return new Mount(source, target, type, flags);
    }

    public static MountSpec fromCrd(Mount m) {
        return new MountSpec(m.getSource(), m.getTarget(), m.getType(), m.getFlags());
    }

    /** The target compared for replacement: {@code /capstor/} and {@code /capstor} are the same place. */
    public String targetKey() {
        String t = target;
        while (t.length() > 1 && t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
