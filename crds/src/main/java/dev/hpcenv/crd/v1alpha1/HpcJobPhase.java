package dev.hpcenv.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Where an HpcJob is in its life; the terminal phases never change again. */
public enum HpcJobPhase {
    /** Accepted by the API, not yet handed to Slurm (waiting for the environment, the cluster or suspend). */
    PENDING("Pending", false),
    /** Slurm holds the job and has not started it. */
    SUBMITTED("Submitted", false),
    /** At least one node runs the job. */
    RUNNING("Running", false),
    /** Ended with exit code 0. */
    SUCCEEDED("Succeeded", true),
    /** Ended with a non-zero exit code, a signal, a node failure, a timeout, or could not be submitted at all. */
    FAILED("Failed", true),
    /** Cancelled in Slurm or by deleting/suspending the HpcJob before it ended. */
    CANCELLED("Cancelled", true);

    private final String wire;
    private final boolean terminal;

    HpcJobPhase(String wire, boolean terminal) {
        this.wire = wire;
        this.terminal = terminal;
    }

    /** The value as written in YAML and in the CRD's enum. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** True for phases a job never leaves. */
    public boolean isTerminal() {
        return terminal;
    }

    /** The constant for a YAML value; fails with the accepted values named. */
    public static HpcJobPhase fromWire(String value) {
        for (HpcJobPhase p : values()) {
            if (p.wire.equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown phase '" + value + "' (expected one of "
                + Arrays.stream(values()).map(HpcJobPhase::wire).toList() + ")");
    }
}
