package dev.hpcenv.slurm;

import java.util.List;

/**
 * The answer to a ping: every controller, plus the Slurm release and the API version the client uses.
 */
public record PingResult(List<ControllerPing> controllers, String slurmRelease, ApiVersion apiVersion) {

    public PingResult {
        controllers = List.copyOf(controllers);
    }

    /** True when at least one controller answers. */
    public boolean reachable() {
        return controllers.stream().anyMatch(ControllerPing::responding);
    }
}
