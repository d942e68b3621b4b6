package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which nodes of the job's allocation run a service. */
public enum ServicePlacement {
    /** One instance on every node of the allocation. */
    EVERY_NODE("everyNode"),
    /** One instance on the allocation's first node (the batch node). */
    FIRST_NODE("firstNode");

    private final String wire;

    ServicePlacement(String wire) {
        this.wire = wire;
    }

    /** The value as written in YAML, in the CRD's enum and in HPCENV_SERVICES. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
