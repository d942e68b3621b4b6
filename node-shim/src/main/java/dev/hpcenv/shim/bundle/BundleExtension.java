package dev.hpcenv.shim.bundle;

import dev.hpcenv.model.ResolvedEnvironment;

/**
 * The extension point for hooks (a later issue): called once per container after the shim has
 * filled the draft and before config.json is written. Implementations may edit env, add mounts,
 * annotations and OCI hooks, typically selected by the environment's annotations.
 */
public interface BundleExtension {
    void apply(ResolvedEnvironment environment, BundleDraft draft);

    /** No hooks: the only implementation until the hooks issue lands. */
    BundleExtension NONE = (environment, draft) -> {};
}
