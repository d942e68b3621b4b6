package dev.hpcenv.shim.error;

/**
 * The shim's own exit codes. Everything else the shim returns is the command's exit status,
 * or 128+N when the command ended on signal N, so these stay in the range shells and Slurm
 * already reserve for "could not run the command" (as docker, podman and enroot do).
 */
public enum ExitCode {
    /** Bad command line, unreadable or invalid site configuration, invalid spec JSON. */
    USAGE(125),
    /** The environment cannot be provided: image, mount source, variable, registry, runtime start. */
    ENVIRONMENT(126),
    /** The command does not exist in the container. */
    COMMAND_NOT_FOUND(127);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The conventional status of a process that ended on {@code signal}. */
    public static int forSignal(int signal) {
        return 128 + signal;
    }
}
