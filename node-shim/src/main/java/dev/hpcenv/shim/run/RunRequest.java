package dev.hpcenv.shim.run;

import dev.hpcenv.shim.spec.EnvironmentSource;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code hpcenv-shim run} command line.
 *
 * @param progress {@code --progress}: pull and build progress on stderr
 */
public record RunRequest(
        EnvironmentSource source, String workdir, Map<String, String> env, List<String> command, boolean progress) {
    public RunRequest {
        env = Map.copyOf(env);
        command = List.copyOf(command);
    }

    public RunRequest(EnvironmentSource source, String workdir, Map<String, String> env, List<String> command) {
        this(source, workdir, env, command, false);
    }
}
