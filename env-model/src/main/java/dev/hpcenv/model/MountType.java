package dev.hpcenv.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a mount source is attached: a bind mount, or a Squashfs file mounted as a directory. */
public enum MountType {
    BIND("bind"),
    SQUASHFS("squashfs");

    private final String wire;

    MountType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static MountType fromWire(String value) {
        for (MountType t : values()) {
            if (t.wire.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown mount type '" + value + "' (expected bind or squashfs)");
    }
}
