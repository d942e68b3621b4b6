package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.ContainerIdentity;
import dev.hpcenv.shim.config.HookSettings;
import dev.hpcenv.shim.process.ProcessRunner;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a hook's preparation may look at: its name and site settings, the effective annotations,
 * the image as mounted (read-only, for checks), a private directory for generated files (removed
 * with the task), the job's environment and identity, and where the network stack comes from
 * (null unless a network hook applies).
 */
public record HookInput(
        ActiveHook hook,
        HookSettings settings,
        Map<String, String> annotations,
        Path image,
        Path workDir,
        Map<String, String> processEnv,
        ContainerIdentity identity,
        ProcessRunner runner,
        int timeoutSeconds,
        NetstackSource netstack) {
    /** The network stack artifact the network hooks use instead of the host's libraries, or null. */
    public Path netstackArtifact() {
        return netstack == null ? null : netstack.artifact();
    }

    public String name() {
        return hook.name();
    }

    /**
     * The annotation that switches this hook off, for messages: the first key its hooks.d file
     * matches on, without regex anchors and escapes ({@code com.hooks.cxi.enabled}).
     */
    public String switchAnnotation() {
        return hook.file().when().annotations().stream()
                .findFirst()
                .map(p -> p.key().pattern().replace("^", "").replace("$", "").replace("\\", ""))
                .orElse("com.hooks." + name() + ".enabled");
    }
}
