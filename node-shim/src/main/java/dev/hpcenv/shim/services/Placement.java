package dev.hpcenv.shim.services;

/** Which nodes of the job's allocation run a service (docs/workflows.md, section 1). */
public enum Placement {
    /** Every node of the allocation. */
    EVERY_NODE("everyNode"),
    /** The allocation's first node only (node index 0). */
    FIRST_NODE("firstNode");

    private final String wire;

    Placement(String wire) {
        this.wire = wire;
    }

    /** The spelling in HPCENV_SERVICES. */
    public String wire() {
        return wire;
    }

    /** Whether the node with index {@code nodeIndex} in the allocation runs a service so placed. */
    public boolean covers(int nodeIndex) {
        return this == EVERY_NODE || nodeIndex == 0;
    }
}
