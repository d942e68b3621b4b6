package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import java.util.Map;
import java.util.Optional;

/**
 * What the shim itself does for a hook before config.json is frozen: environment, mounts and
 * generated files. OCI hooks cannot do this (the container's environment is fixed at create).
 */
interface HookPreparation {
    /**
     * Why the hook does not apply to this container although its hooks.d conditions match
     * (GPU access without {@code NVIDIA_VISIBLE_DEVICES}), or empty.
     */
    default Optional<String> skipReason(Map<String, String> containerEnv, Map<String, String> processEnv) {
        return Optional.empty();
    }

    void prepare(HookInput in, BundleDraft draft) throws java.io.IOException, InterruptedException;

    HookPreparation NONE = (in, draft) -> {};
}
