package dev.hpcenv.shim.runtime;

import java.nio.file.Path;
import java.util.List;

/** The runc/crun command lines the shim uses; state lives under a directory the shim owns. */
public record OciRuntime(String binary, Path stateRoot) {
    public List<String> runCommand(Path bundle, Path log, String containerId) {
        return List.of(binary, "--root", stateRoot.toString(), "--log", log.toString(), "--log-format", "json",
                "run", "--bundle", bundle.toString(), "--no-new-keyring", containerId);
    }

    public List<String> deleteCommand(String containerId) {
        return List.of(binary, "--root", stateRoot.toString(), "delete", "--force", containerId);
    }

    public boolean hasState(String containerId) {
        return stateRoot.resolve(containerId).toFile().exists();
    }
}
