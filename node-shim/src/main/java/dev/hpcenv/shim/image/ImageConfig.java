package dev.hpcenv.shim.image;

import java.util.List;

/** What the OCI image config says about running it (only the fields the shim uses). */
public record ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir) {
    public static final ImageConfig EMPTY = new ImageConfig(List.of(), List.of(), List.of(), null);

    public ImageConfig {
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
    }
}
