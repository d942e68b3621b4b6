package dev.hpcenv.shim.hooks;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.HookStage;
import dev.hpcenv.shim.bundle.OciHook;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.bundle.RootfsPaths;
import dev.hpcenv.shim.error.IoErrors;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.process.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Dropbear server in the container (the CE's SSH hook): the host's dropbear binary, a host key
 * made for this container only, and the user's public key - read by the shim as the job user
 * from the file the annotation names - as the login user's authorized_keys. It starts when the
 * container starts (a startContainer hook, inside the container) and is stopped after it
 * (poststop). One server per node: only the step's first local task starts it.
 */
final class SshServer implements HookPreparation {
    static final String PORT = "com.hooks.ssh.port";
    static final String DEFAULT_PORT = "15263";
    static final String DIR = "/opt/hpcenv/hooks/ssh";

    @Override
    public Optional<String> skipReason(Map<String, String> containerEnv, Map<String, String> processEnv) {
        String local = processEnv.get("SLURM_LOCALID");
        return local == null || local.equals("0")
                ? Optional.empty()
                : Optional.of("one SSH server per node: started by local task 0 only");
    }

    @Override
    public void prepare(HookInput in, BundleDraft draft) throws IOException, InterruptedException {
        String keyFile = in.annotations().get(AnnotationPolicy.SSH_KEY);
        if (keyFile == null) {
            throw ShimException.environment(
                    "hook ssh needs annotation " + AnnotationPolicy.SSH_KEY,
                    "set it to the absolute path of your public key file, e.g. \"${HOME}/.ssh/id_ed25519.pub\"");
        }
        String keys = readKeys(Path.of(keyFile));
        String port = in.annotations()
                .getOrDefault(PORT, in.settings().setting("port").orElse(DEFAULT_PORT));
        String dropbear = in.settings().setting("dropbear").orElse("/usr/sbin/dropbear");
        String dropbearkey = in.settings().setting("dropbearkey").orElse("/usr/bin/dropbearkey");
        if (!Files.isExecutable(Path.of(dropbear))) {
            throw ShimException.usage(
                    "hook ssh: " + dropbear + " (hooks.ssh.dropbear) is not on this node",
                    "install dropbear (Debian: dropbear-bin) or correct the site configuration");
        }
        Path dir = Files.createDirectories(in.workDir().resolve("ssh"));
        Path hostKey = dir.resolve("host_key");
        CommandResult r = in.runner().run(List.of(dropbearkey, "-t", "ed25519", "-f", hostKey.toString()));
        if (!r.ok()) {
            throw ShimException.environment(
                    "hook ssh: cannot make a host key with " + dropbearkey + ": " + r.lastErrorLine(), null);
        }
        Path authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, keys);
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-------"));
        String home = draft.env.getOrDefault("HOME", "/root");
        draft.mounts.add(OciMount.bind(dropbear, DIR + "/dropbear", SiteEdits.BIND_OPTIONS));
        draft.mounts.add(OciMount.bind(dir.toString(), DIR + "/run", List.of("rbind", "nosuid", "nodev")));
        draft.mounts.add(OciMount.bind(authorized.toString(), home + "/.ssh/authorized_keys", List.of("bind", "ro")));
        String pidFile = DIR + "/run/dropbear.pid";
        if (!RootfsPaths.exists(in.image(), "/bin/sh")) {
            throw ShimException.environment(
                    "hook ssh starts dropbear with the image's /bin/sh, which this image lacks",
                    "use an image with a shell, or set " + in.switchAnnotation() + " = \"false\"");
        }
        // The runtime waits for a hook's output pipes to close, and a forking dropbear keeps them;
        // so a constant sh script detaches it from them. Its arguments travel as "$@", never as script text.
        draft.addHook(
                HookStage.startContainer,
                new OciHook(
                        "/bin/sh",
                        List.of(
                                "sh",
                                "-c",
                                "\"$@\" </dev/null >/dev/null 2>&1",
                                "sh",
                                DIR + "/dropbear",
                                "-s",
                                "-r",
                                DIR + "/run/host_key",
                                "-p",
                                port,
                                "-P",
                                pidFile),
                        List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"),
                        in.timeoutSeconds()));
        draft.addHook(
                HookStage.poststop,
                new OciHook(
                        "/usr/bin/pkill",
                        List.of("pkill", "-F", dir.resolve("dropbear.pid").toString()),
                        List.of(),
                        in.timeoutSeconds()));
        draft.readonlyRoot = false;
        // As root, Dropbear switches to the login user (setgid, initgroups, setuid) for each
        // session. Rootless with the job's own ids it runs as the user and logs in only that
        // user, switching nothing: no capabilities. Where container root is the job user (no
        // subordinate ids) initgroups is refused in the user namespace: docs/hooks.md.
        if (!in.identity().mapping().ownIds()) {
            draft.extraCapabilities.addAll(List.of("CAP_SETGID", "CAP_SETUID"));
        }
    }

    /** Public keys only: a private key or anything else in that file is refused, never copied. */
    static String readKeys(Path file) {
        String text;
        try {
            if (Files.size(file) > 64 * 1024) {
                throw ShimException.environment(
                        AnnotationPolicy.SSH_KEY + ": " + file + " is too large for a public key file", null);
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw ShimException.environment(
                    AnnotationPolicy.SSH_KEY + ": cannot read " + file + ": " + IoErrors.describe(e),
                    "the file must be readable by you on the compute node");
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (!l.matches("(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp\\d+|sk-[a-z0-9@.-]+) [A-Za-z0-9+/=]+( .*)?")) {
                throw ShimException.environment(
                        AnnotationPolicy.SSH_KEY + ": " + file + " does not hold OpenSSH public keys",
                        "name your .pub file, never a private key");
            }
            out.append(l).append('\n');
        }
        if (out.isEmpty()) {
            throw ShimException.environment(AnnotationPolicy.SSH_KEY + ": " + file + " holds no public key", null);
        }
        return out.toString();
    }
}
