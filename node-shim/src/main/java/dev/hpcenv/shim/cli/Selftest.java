package dev.hpcenv.shim.cli;

import dev.hpcenv.shim.bundle.BundleDraft;
import dev.hpcenv.shim.bundle.BundleWriter;
import dev.hpcenv.shim.bundle.OciMount;
import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.identity.UserMapping;
import dev.hpcenv.shim.mount.MountTable;
import dev.hpcenv.shim.mount.Mounter;
import dev.hpcenv.shim.process.CommandResult;
import dev.hpcenv.shim.run.ShimContext;
import dev.hpcenv.shim.runtime.ContainerRunner;
import dev.hpcenv.shim.runtime.OciRuntime;
import dev.hpcenv.shim.runtime.PreservedFds;
import dev.hpcenv.shim.runtime.SignalRelay;
import dev.hpcenv.shim.state.TreeRemover;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code hpcenv-shim selftest}: checks, in order, what a container start needs on this node and
 * prints a pass/fail table with the fix for each failure. Exit status 0 when all pass.
 */
final class Selftest {
    private record Check(String name, boolean ok, String detail, String fix) {}

    private final ShimContext ctx;
    private final PrintStream out;
    private final List<Check> checks = new ArrayList<>();

    Selftest(ShimContext ctx, PrintStream out) {
        this.ctx = ctx;
        this.out = out;
    }

    int run() throws InterruptedException, IOException {
        textEncoding();
        userNamespaces();
        identityMapping();
        fuseDevice();
        Path work = Files.createDirectories(ctx.scratch).resolve("selftest-" + ctx.owner);
        Mounter mounter = ctx.mounter();
        Path lower = work.resolve("lower");
        Path merged = work.resolve("merged");
        try {
            Files.createDirectories(work);
            boolean squashOk = squashfs(work, mounter, lower);
            boolean overlayOk = squashOk && overlay(work, mounter, lower, merged);
            if (overlayOk) {
                runtime(work, merged);
            } else {
                checks.add(
                        new Check("runtime start", false, "skipped: needs the mounts above", "fix the checks above"));
            }
        } finally {
            for (Path mp : MountTable.under(work)) {
                mounter.unmount(mp);
            }
            TreeRemover.remove(work);
        }
        out.printf(Locale.ROOT, "%-22s %-5s %s%n", "CHECK", "RESULT", "DETAIL / FIX");
        for (Check c : checks) {
            out.printf(
                    Locale.ROOT,
                    "%-22s %-5s %s%n",
                    c.name(),
                    c.ok() ? "pass" : "FAIL",
                    c.ok() ? c.detail() : c.detail() + " -- fix: " + c.fix());
        }
        return checks.stream().allMatch(Check::ok) ? 0 : 1;
    }

    /** The launcher's UTF-8 locale exists here (else jobs with non-ASCII text are refused). */
    private void textEncoding() {
        String jnu = System.getProperty("sun.jnu.encoding", "?");
        boolean ok = jnu.equalsIgnoreCase("UTF-8") || jnu.equalsIgnoreCase("UTF8");
        checks.add(new Check(
                "text encoding",
                ok,
                ok
                        ? "arguments, variables and paths are read as UTF-8"
                        : "the JVM reads arguments, variables and paths as " + jnu + ": non-ASCII text is refused",
                "install the C.UTF-8 locale, or set HPCENV_SHIM_LOCALE to a UTF-8 locale from 'locale -a'; start the"
                        + " shim through bin/hpcenv-shim"));
    }

    private void userNamespaces() throws InterruptedException {
        if (ctx.isRoot()) {
            checks.add(new Check("user namespaces", true, "not needed as root", ""));
            return;
        }
        CommandResult r = ctx.runner.run(List.of("unshare", "--user", "--map-root-user", "true"));
        checks.add(new Check(
                "user namespaces",
                r.ok(),
                r.ok() ? "unprivileged user namespaces work" : r.lastErrorLine(),
                "sysctl user.max_user_namespaces=15000 (and kernel.unprivileged_userns_clone=1 on Debian/Ubuntu)"));
    }

    private void fuseDevice() {
        Path fuse = Path.of("/dev/fuse");
        boolean ok = Files.isReadable(fuse) && Files.isWritable(fuse);
        checks.add(new Check(
                "FUSE device",
                ok,
                ok ? "/dev/fuse is usable" : "/dev/fuse missing or not read-writable",
                "modprobe fuse; chmod 0666 /dev/fuse"));
    }

    private boolean squashfs(Path work, Mounter mounter, Path lower) throws IOException, InterruptedException {
        Path src = Files.createDirectories(work.resolve("src"));
        Files.writeString(src.resolve("hello"), "hpcenv\n");
        for (String d : List.of("bin", "lib", "lib64", "usr", "proc", "sys", "dev", "tmp")) {
            Files.createDirectories(src.resolve(d));
        }
        Path img = work.resolve("tiny.sqsh");
        CommandResult r = ctx.runner.run(ctx.imageTools().squashCommand(src, img));
        if (!r.ok()) {
            checks.add(new Check(
                    "Squashfs build", false, r.lastErrorLine(), "install squashfs-tools (mksquashfs with zstd)"));
            return false;
        }
        Files.createDirectories(lower);
        try {
            mounter.mountSquashfs(img, lower);
            boolean ok = Files.readString(lower.resolve("hello")).equals("hpcenv\n");
            checks.add(new Check(
                    "Squashfs mount",
                    ok,
                    ok ? "mounted and read a tiny image" : "content differs",
                    "check squashfuse_ll (or loop devices as root)"));
            return ok;
        } catch (RuntimeException e) {
            checks.add(new Check(
                    "Squashfs mount",
                    false,
                    e.getMessage(),
                    ctx.isRoot()
                            ? "load the squashfs module, or set mount_mode = \"fuse\""
                            : "install squashfuse; chmod 0666 /dev/fuse"));
            return false;
        }
    }

    private boolean overlay(Path work, Mounter mounter, Path lower, Path merged)
            throws IOException, InterruptedException {
        Files.createDirectories(merged);
        try {
            int uid = ctx.isRoot() ? -1 : (int) ctx.identity.hostUid();
            int gid = ctx.isRoot() ? -1 : (int) ctx.identity.hostGid();
            mounter.mountOverlay(
                    lower,
                    Files.createDirectories(work.resolve("upper")),
                    Files.createDirectories(work.resolve("work")),
                    merged,
                    uid,
                    gid);
            Files.writeString(merged.resolve("written"), "ok");
            checks.add(new Check("writable overlay", true, "fuse-overlayfs mounted and written", ""));
            return true;
        } catch (RuntimeException | IOException e) {
            checks.add(new Check(
                    "writable overlay", false, e.getMessage(), "install fuse-overlayfs; chmod 0666 /dev/fuse"));
            return false;
        }
    }

    private void runtime(Path work, Path rootfs) throws IOException, InterruptedException {
        BundleDraft d = new BundleDraft();
        d.identity = ctx.identity;
        d.rootfs = rootfs;
        d.args.add("/bin/true");
        d.env.put("PATH", "/bin:/usr/bin");
        // The host's own /bin/true, with its libraries, proves the runtime without any image.
        for (String dir : List.of("/bin", "/lib", "/lib64", "/usr")) {
            if (Files.isDirectory(Path.of(dir)) && !Files.isSymbolicLink(Path.of(dir))) {
                d.mounts.add(OciMount.bind(dir, dir, List.of("rbind", "ro")));
            } else if (Files.isSymbolicLink(Path.of(dir))) {
                d.mounts.add(OciMount.bind(Path.of(dir).toRealPath().toString(), dir, List.of("rbind", "ro")));
            }
        }
        d.mounts.add(OciMount.bind("/proc", "/proc", List.of("rbind")));
        d.mounts.add(OciMount.bind("/dev", "/dev", List.of("rbind")));
        Path bundle = new BundleWriter().write(d, work.resolve("bundle")).getParent();
        Path state = Files.createDirectories(work.resolve("runc"));
        OciRuntime rt = new OciRuntime(ctx.config.runtime(), state, ctx.identity.mapping(), PreservedFds.NONE);
        String id = "hpcenv-selftest-" + ctx.owner;
        ContainerRunner runner = new ContainerRunner(rt, ctx.runner);
        boolean ok;
        String detail;
        try {
            int code = runner.run(bundle, work.resolve("runtime.log"), id, ctx.processEnv, SignalRelay.none());
            ok = code == 0;
            detail = ok
                    ? ctx.config.runtime() + " started /bin/true"
                            + (ctx.identity.mapping().ownIds() ? " as uid " + ctx.identity.hostUid() : "")
                    : "/bin/true exited with " + code;
        } catch (ShimException e) {
            ok = false;
            detail = e.getMessage();
        } finally {
            runner.deleteIfPresent(id);
        }
        checks.add(new Check(
                "runtime start",
                ok,
                detail,
                "set runtime = \"/usr/sbin/runc\" in the site configuration; crun 1.8 refuses hybrid cgroups"));
    }

    /** Rootless: whether the job's own uid/gid can be mapped to themselves (else container root is the user). */
    private void identityMapping() {
        UserMapping m = ctx.identity.mapping();
        switch (m.mode()) {
            case HOST -> checks.add(new Check("identity mapping", true, "not needed as root", ""));
            case OWN_IDS ->
                checks.add(new Check(
                        "identity mapping",
                        true,
                        "uid " + ctx.identity.hostUid() + " and gid " + ctx.identity.hostGid()
                                + " map to themselves (subordinate ids, newuidmap)",
                        ""));
            case ROOT_IS_USER ->
                checks.add(new Check(
                        "identity mapping",
                        false,
                        m.fallback() + "; the job runs as container root",
                        fix(m.fallback())));
        }
    }

    private String fix(String reason) {
        String name = ctx.identity.userName();
        if (reason.contains("newuidmap")) {
            return "install newuidmap/newgidmap (Debian: apt-get install uidmap)";
        }
        if (reason.contains("fuse.conf")) {
            return "add the line user_allow_other to /etc/fuse.conf";
        }
        return "add " + name + ":START:COUNT (e.g. " + name + ":100000:65536, not overlapping other users' ranges)"
                + " to /etc/subuid and /etc/subgid";
    }
}
