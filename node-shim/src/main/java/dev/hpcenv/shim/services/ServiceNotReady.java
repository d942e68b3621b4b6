package dev.hpcenv.shim.services;

import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.ShimException;

/**
 * A task's end because a service of its node is not ready: exit 125 and the one line of
 * docs/workflows.md, section 2, which the operator recognises ({@code ServiceNotReady}).
 */
public final class ServiceNotReady extends ShimException {
    public ServiceNotReady(String service, String node, long seconds, String why) {
        super(ExitCode.USAGE, "service " + service + " on node " + node + " not ready after " + seconds + "s: " + why);
    }

    @Override
    public String line() {
        return "hpcenv: " + getMessage();
    }
}
