package dev.hpcenv.shim.services;

import java.util.List;

/**
 * A service's readiness check: exactly one of {@code command} (argv, run inside the service's
 * container) and {@code tcpPort} (a TCP connect to 127.0.0.1), tried every {@code periodSeconds}
 * until one succeeds or {@code timeoutSeconds} pass.
 */
public record ReadyCheck(List<String> command, Integer tcpPort, int timeoutSeconds, int periodSeconds) {
    public ReadyCheck {
        command = command == null ? null : List.copyOf(command);
    }
}
