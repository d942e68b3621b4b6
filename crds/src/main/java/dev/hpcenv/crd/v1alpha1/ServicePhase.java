package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where one service instance (a service on one node) stands, as its node's supervisor reported it. */
public enum ServicePhase {
    /** Started; its readiness check has not succeeded yet. */
    STARTING("Starting"),
    /** Its readiness check succeeded. */
    READY("Ready"),
    /** Started, and it has no readiness check. */
    RUNNING("Running"),
    /** It ended on its own while the tasks ran. */
    EXITED("Exited"),
    /** Its readiness check did not succeed in time. */
    NOT_READY("NotReady"),
    /** It was stopped after the tasks ended. */
    STOPPED("Stopped");

    private final String wire;

    ServicePhase(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
