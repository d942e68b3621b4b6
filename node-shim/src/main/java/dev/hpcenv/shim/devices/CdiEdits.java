package dev.hpcenv.shim.devices;

import java.util.List;

/**
 * A CDI {@code containerEdits} object: what a spec (for any of its devices) or one device adds to
 * the container. {@code intelRdt} and {@code netDevices} are read but not applied: containers
 * share the node's network, and resctrl classes are the site's to assign (docs/hooks.md).
 */
public record CdiEdits(
        List<String> env,
        List<DeviceNode> deviceNodes,
        List<Mount> mounts,
        List<Hook> hooks,
        List<Long> additionalGids,
        boolean intelRdt,
        List<String> netDevices) {
    public static final CdiEdits NONE =
            new CdiEdits(List.of(), List.of(), List.of(), List.of(), List.of(), false, List.of());

    public CdiEdits {
        env = List.copyOf(env);
        deviceNodes = List.copyOf(deviceNodes);
        mounts = List.copyOf(mounts);
        hooks = List.copyOf(hooks);
        additionalGids = List.copyOf(additionalGids);
        netDevices = List.copyOf(netDevices);
    }

    /**
     * A device node: {@code path} in the container, {@code hostPath} on the node (defaults to
     * {@code path}); type, numbers and mode are read from the node when the spec omits them.
     */
    public record DeviceNode(
            String path,
            String hostPath,
            String type,
            Long major,
            Long minor,
            Integer fileMode,
            String permissions,
            Long uid,
            Long gid) {
        public String host() {
            return hostPath == null ? path : hostPath;
        }
    }

    /** A mount: bind unless the spec says otherwise. */
    public record Mount(String hostPath, String containerPath, String type, List<String> options) {
        public Mount {
            options = List.copyOf(options);
        }
    }

    /** An OCI hook at a stage ({@code hookName}). */
    public record Hook(String hookName, String path, List<String> args, List<String> env, Integer timeout) {
        public Hook {
            args = List.copyOf(args);
            env = List.copyOf(env);
        }
    }
}
