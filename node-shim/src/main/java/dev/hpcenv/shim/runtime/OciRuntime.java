package dev.hpcenv.shim.runtime;

import dev.hpcenv.shim.identity.UserMapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runc/crun command lines the shim uses; state lives under a directory the shim owns.
 *
 * @param mapping      how the container's ids map to the host's; with the job's own ids the runtime
 *                     runs as root of a namespace the shim made ({@link UserNamespaceLauncher})
 * @param preservedFds inherited descriptors passed to the container
 */
public record OciRuntime(String binary, Path stateRoot, UserMapping mapping, PreservedFds preservedFds) {
    public OciRuntime(String binary, Path stateRoot) {
        this(binary, stateRoot, UserMapping.host(), PreservedFds.NONE);
    }

    /** runc run; the container's init pid goes to {@code pidFile}, for the janitor. */
    public List<String> runCommand(Path bundle, Path log, Path pidFile, String containerId) {
        List<String> cmd = global();
        cmd.addAll(List.of(
                "--log",
                log.toString(),
                "--log-format",
                "json",
                "run",
                "--bundle",
                bundle.toString(),
                "--pid-file",
                pidFile.toString(),
                "--no-new-keyring"));
        if (!preservedFds.isEmpty()) {
            cmd.addAll(List.of("--preserve-fds", Integer.toString(preservedFds.count())));
        }
        cmd.add(containerId);
        return cmd;
    }

    public List<String> deleteCommand(String containerId) {
        List<String> cmd = global();
        cmd.addAll(List.of("delete", "--force", containerId));
        return cmd;
    }

    public boolean hasState(String containerId) {
        return stateRoot.resolve(containerId).toFile().exists();
    }

    /**
     * Inside the shim's namespace runc's euid is 0, from which it would guess real cgroups; on
     * cgroup v1 it must be told that it is rootless.
     */
    private List<String> global() {
        List<String> cmd = new ArrayList<>(List.of(binary));
        if (mapping.ownIds()) {
            cmd.addAll(List.of("--rootless", "true"));
        }
        cmd.addAll(List.of("--root", stateRoot.toString()));
        return cmd;
    }
}
