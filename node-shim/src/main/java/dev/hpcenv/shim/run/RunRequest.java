package dev.hpcenv.shim.run;

import dev.hpcenv.shim.spec.EnvironmentSource;
import java.util.List;
import java.util.Map;

/** A parsed {@code hpcenv-shim run} command line. */
public record RunRequest(EnvironmentSource source, String workdir, Map<String, String> env, List<String> command) {
    public RunRequest {
        env = Map.copyOf(env);
        command = List.copyOf(command);
    }
}
