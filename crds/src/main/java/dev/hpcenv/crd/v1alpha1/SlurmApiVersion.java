package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The slurmrestd OpenAPI version to speak; AUTO asks the server and takes the newest both sides know. */
public enum SlurmApiVersion {
    AUTO("auto"),
    V0_0_38("v0.0.38"),
    V0_0_39("v0.0.39"),
    V0_0_40("v0.0.40"),
    V0_0_41("v0.0.41"),
    V0_0_42("v0.0.42"),
    V0_0_43("v0.0.43"),
    V0_0_44("v0.0.44"),
    V0_0_45("v0.0.45");

    private final String wire;

    SlurmApiVersion(String wire) {
        this.wire = wire;
    }

    /** The value as written in YAML and in the CRD's enum. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** The constant for a YAML value; fails with the accepted values named. */
    public static SlurmApiVersion fromWire(String value) {
        for (SlurmApiVersion v : values()) {
            if (v.wire.equals(value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown value '" + value + "' (expected one of "
                + Arrays.stream(values()).map(SlurmApiVersion::wire).toList() + ")");
    }
}
