package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The two environment kinds: what an HpcJob's environmentRef points at, and what {@code edf convert} writes. */
public enum EnvironmentKind {
    HPC_ENVIRONMENT("HpcEnvironment"),
    CLUSTER_HPC_ENVIRONMENT("ClusterHpcEnvironment");

    private final String wire;

    EnvironmentKind(String wire) {
        this.wire = wire;
    }

    /** The value as written in YAML and in the CRD's enum. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The constant for a kind name, if it names an environment kind. */
    public static Optional<EnvironmentKind> find(String value) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(value)).findFirst();
    }

    /** The constant for a YAML value; fails with the accepted values named. */
    public static EnvironmentKind fromWire(String value) {
        for (EnvironmentKind v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "' (expected one of "
                + Arrays.stream(values()).map(EnvironmentKind::wire).toList() + ")");
    }
}
