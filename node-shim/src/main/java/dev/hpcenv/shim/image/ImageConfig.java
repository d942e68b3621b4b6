package dev.hpcenv.shim.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the OCI image config says about running it (only the fields the shim uses). */
public record ImageConfig(List<String> env, List<String> entrypoint, List<String> cmd, String workingDir) {
    public static final ImageConfig EMPTY = new ImageConfig(List.of(), List.of(), List.of(), null);

    public ImageConfig {
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
    }

    /** {@code Env} as variables, in the image's order; entries without a name are skipped. */
    public Map<String, String> variables() {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                vars.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return vars;
    }
}
