package dev.hpcenv.shim.devices;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.OciDevice;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a {@link DevicePlan} to the draft: env set, mounts and hooks added, device nodes made
 * visible. The container shares the node's /dev (see BundleWriter), so a node at its own path
 * is already there and needs only its cgroup rule as root; a node the spec puts elsewhere is
 * bind-mounted there from the node, as rootless runc does with every device. No mount point is
 * ever created in the node's /dev: a path there that the node lacks is refused.
 */
public final class DeviceEdits {
    private static final Path DEV = Path.of("/dev");

    private final int hookTimeoutSeconds;

    /** @param hookTimeoutSeconds for CDI hooks that give none (the site's hook timeout) */
    public DeviceEdits(int hookTimeoutSeconds) {
        this.hookTimeoutSeconds = hookTimeoutSeconds;
    }

    public void apply(DevicePlan plan, BundleDraft draft) {
        Set<String> nodePaths = new HashSet<>();
        draft.devices.forEach(d -> nodePaths.add(d.path()));
        for (DevicePlan.Edits e : plan.edits()) {
            String what = e.what() + " (" + e.from() + ")";
            for (String kv : e.edits().env()) {
                int eq = kv.indexOf('=');
                draft.env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            for (CdiEdits.DeviceNode n : e.edits().deviceNodes()) {
                if (nodePaths.add(n.path())) {
                    node(what, n, draft);
                }
            }
            for (CdiEdits.Mount m : e.edits().mounts()) {
                mount(what, m, draft);
            }
            for (CdiEdits.Hook h : e.edits().hooks()) {
                if (!Files.isExecutable(Path.of(h.path()))) {
                    throw ShimException.environment(
                            what + ": hook " + h.path() + " is not an executable file on this node",
                            "the site's CDI specification names a program this node lacks");
                }
                draft.addHook(
                        CdiHookStage.of(h.hookName()),
                        new OciHook(
                                h.path(), h.args(), h.env(), h.timeout() != null ? h.timeout() : hookTimeoutSeconds));
            }
        }
    }

    private void node(String what, CdiEdits.DeviceNode n, BundleDraft draft) {
        Path host = Path.of(n.host());
        Optional<HostDevice> stat;
        try {
            stat = Files.exists(host) ? HostDevice.stat(host) : Optional.empty();
        } catch (IOException e) {
            throw ShimException.environment(
                    what + ": device " + host + " cannot be inspected: " + IoErrors.describe(e), null);
        }
        if (stat.isEmpty()) {
            throw ShimException.environment(
                    what + ": device node " + host
                            + (Files.exists(host) ? " is not a device node" : " does not exist on this node"),
                    "run on a node that has the device, or remove it from the environment's devices");
        }
        HostDevice h = stat.get();
        Path target = Path.of(n.path()).normalize();
        if (!target.equals(host.normalize())) {
            if (target.startsWith(DEV) && !Files.exists(target)) {
                throw ShimException.environment(
                        what + ": device " + host + " is to appear at " + target
                                + ", which this node's /dev lacks; containers share the node's /dev, where hpcenv-shim creates nothing",
                        "the site's CDI specification should use the node's path or one outside /dev (docs/hooks.md, Devices and CDI)");
            }
            // Not nodev: the bind exists to reach the device.
            draft.mounts.add(OciMount.bind(host.toString(), target.toString(), List.of("bind", "nosuid")));
        }
        String permissions = n.permissions() == null || n.permissions().isEmpty()
                ? "rwm"
                : n.permissions().equals("none") ? "" : n.permissions();
        draft.devices.add(new OciDevice(
                target.toString(),
                n.type() != null ? n.type() : h.type(),
                n.major() != null ? n.major() : h.major(),
                n.minor() != null ? n.minor() : h.minor(),
                n.fileMode() != null ? n.fileMode() : Integer.valueOf(h.mode()),
                n.uid(),
                n.gid(),
                permissions));
    }

    private static void mount(String what, CdiEdits.Mount m, BundleDraft draft) {
        List<String> options = new ArrayList<>(m.options());
        boolean bind = m.type() == null
                || m.type().equals("bind")
                || m.type().equals("none")
                || options.contains("bind")
                || options.contains("rbind");
        if (bind) {
            if (!Files.exists(Path.of(m.hostPath()))) {
                throw ShimException.environment(
                        what + ": mount source " + m.hostPath() + " does not exist on this node",
                        "the site's CDI specification names a path this node lacks");
            }
            if (!options.contains("bind") && !options.contains("rbind")) {
                options.add(0, "rbind");
            }
        }
        if (draft.mounts.stream()
                .anyMatch(old -> old.destination().equals(m.containerPath())
                        && old.source().equals(m.hostPath()))) {
            return;
        }
        draft.mounts.add(new OciMount(m.containerPath(), bind ? "bind" : m.type(), m.hostPath(), options));
    }
}
