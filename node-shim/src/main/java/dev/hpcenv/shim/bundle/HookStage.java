package dev.hpcenv.shim.bundle;

/** OCI hook stages, named as in config.json. */
public enum HookStage {
    createRuntime,
    createContainer,
    startContainer,
    poststart,
    poststop
}
