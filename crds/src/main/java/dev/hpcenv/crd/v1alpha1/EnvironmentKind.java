package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The kind an HpcJob's environmentRef points at. */
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
