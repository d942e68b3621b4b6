package dev.hpcenv.shim.bundle;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hpcenv.shim.json.LightJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Freezes a {@link BundleDraft} into an OCI runtime config.json. Host network, PID, IPC and UTS
 * namespaces are kept (MPI and Slurm need them), so /proc and /sys are bind mounts and /dev is
 * the host's, as in the rootless recipe; only a mount namespace (and a user namespace when
 * rootless) is new. Written with jackson-core's generator: no ObjectMapper on the warm path.
 */
public final class BundleWriter {
    /** What the container's root may do in its own user namespace (rootless only). */
    private static final List<String> ROOTLESS_CAPABILITIES = List.of(
            "CAP_CHOWN",
            "CAP_DAC_OVERRIDE",
            "CAP_FOWNER",
            "CAP_FSETID",
            "CAP_KILL",
            "CAP_SETGID",
            "CAP_SETUID",
            "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT");

    public String render(BundleDraft d) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = LightJson.factory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            write(g, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public Path write(BundleDraft d, Path bundleDir) throws IOException {
        Files.createDirectories(bundleDir);
        Path config = bundleDir.resolve("config.json");
        Files.writeString(config, render(d));
        return config;
    }

    private static void write(JsonGenerator g, BundleDraft d) throws IOException {
        g.writeStartObject();
        g.writeStringField("ociVersion", "1.0.2");
        g.writeObjectFieldStart("process");
        g.writeBooleanField("terminal", false);
        g.writeObjectFieldStart("user");
        g.writeNumberField("uid", d.identity.containerUid());
        g.writeNumberField("gid", d.identity.containerGid());
        if (!d.identity.rootless() && !d.identity.supplementaryGids().isEmpty()) {
            g.writeArrayFieldStart("additionalGids");
            for (long gid : d.identity.supplementaryGids()) {
                g.writeNumber(gid);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        strings(g, "args", d.args);
        g.writeArrayFieldStart("env");
        for (Map.Entry<String, String> e : d.env.entrySet()) {
            g.writeString(e.getKey() + "=" + e.getValue());
        }
        g.writeEndArray();
        g.writeStringField("cwd", d.cwd);
        g.writeBooleanField("noNewPrivileges", true);
        if (d.identity.bundleUserNamespace() || !d.extraCapabilities.isEmpty()) {
            // When the container's root is the job user: give it, inside its own user namespace,
            // what root needs to manage files in the (user-owned) writable layer. With the job's
            // own ids the command is an ordinary user and gets only what hooks ask for.
            java.util.Set<String> caps =
                    new java.util.TreeSet<>(d.identity.bundleUserNamespace() ? ROOTLESS_CAPABILITIES : List.of());
            caps.addAll(d.extraCapabilities);
            g.writeObjectFieldStart("capabilities");
            for (String set : List.of("bounding", "effective", "permitted")) {
                strings(g, set, List.copyOf(caps));
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("root");
        g.writeStringField("path", d.rootfs.toString());
        g.writeBooleanField("readonly", d.readonlyRoot);
        g.writeEndObject();
        g.writeArrayFieldStart("mounts");
        for (OciMount m : d.mounts) {
            g.writeStartObject();
            g.writeStringField("destination", m.destination());
            g.writeStringField("type", m.type());
            g.writeStringField("source", m.source());
            strings(g, "options", m.options());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("annotations");
        for (Map.Entry<String, String> e : d.annotations.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        if (!d.hooks.isEmpty()) {
            g.writeObjectFieldStart("hooks");
            for (Map.Entry<HookStage, List<OciHook>> e : d.hooks.entrySet()) {
                g.writeArrayFieldStart(e.getKey().name());
                for (OciHook h : e.getValue()) {
                    g.writeStartObject();
                    g.writeStringField("path", h.path());
                    strings(g, "args", h.args());
                    strings(g, "env", h.env());
                    if (h.timeout() != null) {
                        g.writeNumberField("timeout", h.timeout());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeObjectFieldStart("linux");
        g.writeArrayFieldStart("namespaces");
        namespace(g, "mount");
        // With the job's own ids the shim starts the runtime inside a namespace it has mapped
        // already (runtime/UserNamespaceLauncher); the container shares it.
        if (d.identity.bundleUserNamespace()) {
            namespace(g, "user");
        }
        g.writeEndArray();
        if (d.identity.bundleUserNamespace()) {
            mapping(g, "uidMappings", d.identity.hostUid());
            mapping(g, "gidMappings", d.identity.hostGid());
        }
        if (!d.identity.rootless() && !d.devices.isEmpty()) {
            devices(g, d.devices);
        }
        g.writeStringField("rootfsPropagation", "rslave");
        strings(g, "maskedPaths", List.of());
        strings(g, "readonlyPaths", List.of());
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * The devices and their cgroup allow rules. The container's /dev is the node's, so runc creates
     * no node (it skips that when /dev is a bind mount); what matters as root is the device
     * cgroup, which otherwise allows only runc's default devices. Rootless there is no device
     * cgroup to open: the job user's own permissions on the node's nodes decide.
     */
    private static void devices(JsonGenerator g, List<OciDevice> devices) throws IOException {
        g.writeArrayFieldStart("devices");
        for (OciDevice dev : devices) {
            g.writeStartObject();
            g.writeStringField("path", dev.path());
            g.writeStringField("type", dev.type());
            g.writeNumberField("major", dev.major());
            g.writeNumberField("minor", dev.minor());
            if (dev.fileMode() != null) {
                g.writeNumberField("fileMode", dev.fileMode());
            }
            if (dev.uid() != null) {
                g.writeNumberField("uid", dev.uid());
            }
            if (dev.gid() != null) {
                g.writeNumberField("gid", dev.gid());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("resources");
        g.writeArrayFieldStart("devices");
        for (OciDevice dev : devices) {
            if (dev.access().isEmpty() || dev.type().equals("p")) {
                continue;
            }
            g.writeStartObject();
            g.writeBooleanField("allow", true);
            g.writeStringField("type", dev.type().equals("u") ? "c" : dev.type());
            g.writeNumberField("major", dev.major());
            g.writeNumberField("minor", dev.minor());
            g.writeStringField("access", dev.access());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void namespace(JsonGenerator g, String type) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeEndObject();
    }

    /** The container's id 0 is the host id: the single mapping runc 1.1 accepts rootless. */
    private static void mapping(JsonGenerator g, String field, long hostId) throws IOException {
        g.writeArrayFieldStart(field);
        g.writeStartObject();
        g.writeNumberField("containerID", 0);
        g.writeNumberField("hostID", hostId);
        g.writeNumberField("size", 1);
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
