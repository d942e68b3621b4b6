package dev.hpcenv.edf.convert;

import java.util.Arrays;
import java.util.Optional;

/** The two kinds an environment becomes. */
public enum EnvironmentKind {
    NAMESPACED("HpcEnvironment"),
    CLUSTER("ClusterHpcEnvironment");

    private final String kind;

    EnvironmentKind(String kind) {
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }

    public static Optional<EnvironmentKind> of(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }
}
