package dev.hpcenv.shim.bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything config.json will say, still editable: the bundle builder fills it, then every
 * {@link BundleExtension} (hooks, CDI devices) may add env, mounts, hooks and annotations
 * before it is frozen into JSON.
 */
public final class BundleDraft {
    public final List<String> args = new ArrayList<>();
    /** Container environment, in order; a key maps to its value. */
    public final Map<String, String> env = new LinkedHashMap<>();

    public final List<OciMount> mounts = new ArrayList<>();
    public final Map<String, String> annotations = new LinkedHashMap<>();
    public final Map<HookStage, List<OciHook>> hooks = new EnumMap<>(HookStage.class);
    /** Devices for {@code linux.devices} and the device cgroup (written only when not rootless). */
    public final List<OciDevice> devices = new ArrayList<>();

    public String cwd = "/";
    public Path rootfs;
    public boolean readonlyRoot;
    public ContainerIdentity identity;
    /** Capabilities extensions need beyond the defaults (none as root, the rootless set otherwise). */
    public final java.util.Set<String> extraCapabilities = new java.util.TreeSet<>();

    public void addHook(HookStage stage, OciHook hook) {
        hooks.computeIfAbsent(stage, s -> new ArrayList<>()).add(hook);
    }
}
