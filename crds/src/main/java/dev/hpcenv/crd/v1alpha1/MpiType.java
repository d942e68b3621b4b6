package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The PMI flavour Slurm starts the tasks with (srun --mpi). */
public enum MpiType {
    NONE("none"),
    PMI2("pmi2"),
    PMIX("pmix");

    private final String wire;

    MpiType(String wire) {
        this.wire = wire;
    }

    /** The value as written in YAML and in the CRD's enum. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The constant for a YAML value; fails with the accepted values named. */
    public static MpiType fromWire(String value) {
        for (MpiType v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "' (expected one of "
                + Arrays.stream(values()).map(MpiType::wire).toList() + ")");
    }
}
