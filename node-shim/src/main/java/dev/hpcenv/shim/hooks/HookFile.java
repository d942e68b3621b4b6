package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciHook;
import java.nio.file.Path;
import java.util.List;

/**
 * One hooks.d file: the OCI hook, when it applies and at which stages. {@code prestart} is
 * already mapped to {@code createRuntime} (as podman does); {@code precreate} means the shim's
 * own preparation only (environment, mounts) with no OCI hook in config.json.
 *
 * @param name   the file name without {@code .json}; also selects the hook's site settings
 * @param stages the stages as written (for explanations), in file order
 * @param ociStages the config.json stages the hook is inserted at
 */
public record HookFile(
        String name, Path source, OciHook hook, HookCondition when, List<String> stages, List<HookStage> ociStages) {
    public HookFile {
        stages = List.copyOf(stages);
        ociStages = List.copyOf(ociStages);
    }
}
