package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** When a dependency of an HpcJob counts as met (docs/workflows.md, section 4). */
public enum DependencyCondition {
    /** The other job succeeded: Slurm's afterok. */
    SUCCEEDED("Succeeded"),
    /** The other job ended in any way: Slurm's afterany. */
    COMPLETED("Completed");

    private final String wire;

    DependencyCondition(String wire) {
        this.wire = wire;
    }

    /** The value as written in YAML and in the CRD's enum. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The constant for a YAML value; fails with the accepted values named. */
    public static DependencyCondition fromWire(String value) {
        for (DependencyCondition v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "' (expected one of "
                + Arrays.stream(values()).map(DependencyCondition::wire).toList() + ")");
    }
}
