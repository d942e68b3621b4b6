package dev.hpcenv.crd.common;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The condition types of the hpcenv.dev kinds; which kind uses which, and with what reasons, is in
 * crds/README.md and {@link ConditionReasons}.
 */
public enum ConditionType {
    /** All kinds: the summary that kubectl wait, Argo CD and Flux read. */
    READY("Ready"),
    /** HpcJob: the spec passed the operator's checks, the SlurmCluster exists and maps the namespace. */
    ACCEPTED("Accepted"),
    /** HpcJob: the environment (referenced or inline) resolved. */
    ENVIRONMENT_READY("EnvironmentReady"),
    /**
     * HpcEnvironment, ClusterHpcEnvironment: every ${VAR} the environment uses is defined on the nodes. A
     * warning only: Ready stays True, since the image or the job's site may still define it.
     */
    VARIABLES_DEFINED("VariablesDefined"),
    /** HpcJob: Slurm holds a job for this HpcJob. */
    SUBMITTED("Submitted"),
    /** HpcJob: ended successfully (as batch/v1 Job's Complete). */
    COMPLETE("Complete"),
    /** HpcJob: ended without success, or will never run. */
    FAILED("Failed"),
    /**
     * HpcJob: present, False, only while Slurm keeps the job pending for a reason that waiting never
     * resolves (e.g. PartitionNodeLimit); the reason is Slurm's.
     */
    SCHEDULABLE("Schedulable"),
    /**
     * HpcJob with spec.services: False when a service ended early or is not ready (reasons ServiceExited,
     * ServiceNotReady, ServiceFailed); present once a node reported a service.
     */
    SERVICES_HEALTHY("ServicesHealthy"),
    /** SlurmCluster: the last request to slurmrestd succeeded. */
    REACHABLE("Reachable"),
    /**
     * SlurmCluster: False when the server's Slurm release deprecates the API version in use (reason
     * ApiVersionDeprecated). A warning only: Ready stays True, the version still works until a later release
     * removes it.
     */
    API_VERSION_CURRENT("ApiVersionCurrent");

    private final String wire;

    ConditionType(String wire) {
        this.wire = wire;
    }

    /** The value of {@link Condition#getType()}. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
