package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.error.ExitCode;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.json.LightJson;
import dev.hpcenv.shim.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one container in the foreground with the caller's stdio, relaying signals, and returns
 * the command's exit status. A failure of the runtime itself (as opposed to the command) is told
 * apart by the error record the runtime writes to its log.
 */
public final class ContainerRunner {
    private final OciRuntime runtime;
    private final ProcessRunner runner;
    public ContainerRunner(OciRuntime runtime, ProcessRunner runner) {
        this.runtime = runtime;
        this.runner = runner;
    }

    public int run(Path bundle, Path log, String containerId, Map<String, String> runtimeEnv, SignalRelay relay) {
        Process p;
        try {
            p = runner.startInteractive(runtime.runCommand(bundle, log, containerId), runtimeEnv);
        } catch (IOException e) {
            throw ShimException.environment("cannot start the OCI runtime " + runtime.binary() + ": " + e.getMessage(),
                    "set 'runtime' in the site configuration to the path of runc");
        }
        relay.attach(p);
        int code;
        while (true) {
            try {
                code = p.waitFor();
                break;
            } catch (InterruptedException e) {
                // Signals are relayed to the runtime; keep waiting for the command's status.
            }
        }
        relay.detach();
        if (code != 0) {
            String error = runtimeError(log);
            if (error != null) {
                if (error.contains("executable file not found") || error.contains("exec: ")) {
                    throw new ShimException(ExitCode.COMMAND_NOT_FOUND, "cannot run the command in the container: "
                            + error, null);
                }
                throw ShimException.environment("the container did not start: " + error, "run: hpcenv-shim selftest");
            }
        }
        return code;
    }

    /** The runtime's own fatal error, if it logged one. */
    String runtimeError(Path log) {
        try {
            if (!Files.isRegularFile(log)) {
                return null;
            }
            String found = null;
            for (String line : Files.readAllLines(log)) {
                if (!line.startsWith("{")) {
                    continue;
                }
                Object n = LightJson.parse(line);
                String level = LightJson.string(n, "level");
                if ("error".equals(level) || "fatal".equals(level)) {
                    found = LightJson.string(n, "msg");
                }
            }
            return found;
        } catch (IOException e) {
            return null;
        }
    }

    public void deleteIfPresent(String containerId) throws InterruptedException {
        if (runtime.hasState(containerId)) {
            runner.run(runtime.deleteCommand(containerId));
        }
    }
}
