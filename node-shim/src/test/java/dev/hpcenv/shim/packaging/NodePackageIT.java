package dev.hpcenv.shim.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimJarAssembler;
import dev.hpcenv.shim.support.ShimResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node packages of dev/package-shim.sh as an admin uses them: the tarball's install.sh into a
 * prefix (release switch, CDS archive trained on the spot, example site configuration, selftest as
 * the health check), and the Debian package's metadata. Needs root (selftest as root and as the
 * test user) and the tools of dev/install-deps.sh; /etc/hpcenv and /usr/libexec are redirected
 * into the test's directory.
 */
class NodePackageIT {
    private static final Path ROOT =
            Path.of(System.getProperty("hpcenv.root", "..")).toAbsolutePath().normalize();

    private static Path base;
    private static final String LEFTOVER_JAR = "kubernetes-model-core-0.0.0.jar";
    private static Path dist;
    private static Path unpacked;
    private static String user;

    @BeforeAll
    static void buildPackages() throws Exception {
        // World-readable: the test user runs the installed launcher.
        base = Files.createTempDirectory(
                Path.of("/tmp"),
                "hpcenv-package-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        user = Processes.runOk(List.of(ROOT.resolve("dev/ensure-test-user.sh").toString()), null)
                .stdout()
                .strip();
        Path jars = ShimJarAssembler.assemble(Files.createDirectories(base.resolve("jars")), Path.of("target/classes"));
        // What an earlier build may leave in target/lib: a jar the shim's manifest no longer names.
        Files.writeString(jars.resolve("lib/" + LEFTOVER_JAR), "not a dependency any more");
        dist = base.resolve("dist");
        Processes.runOk(
                List.of(
                        ROOT.resolve("dev/package-shim.sh").toString(),
                        "--out",
                        dist.toString(),
                        "--jar-dir",
                        jars.toString()),
                ROOT);
        unpacked = Files.createDirectories(base.resolve("unpacked"));
        Processes.runOk(List.of("tar", "-xzf", tarball().toString(), "-C", unpacked.toString()), null);
    }

    @AfterAll
    static void removeEverything() throws Exception {
        if (base != null) {
            Processes.runOk(List.of("rm", "-rf", base.toString()), null);
        }
    }

    @Test
    void tarballHasTheDocumentedLayout() throws Exception {
        String arch = Processes.runOk(List.of("uname", "-m"), null).stdout().strip();
        Path tarball = tarball();
        assertThat(tarball.getFileName().toString())
                .matches("hpcenv-shim-\\d[^-]*(-[A-Za-z0-9.]+)?-" + arch + "\\.tar\\.gz");
        Path top = unpackedTop();
        assertThat(top.getFileName().toString() + ".tar.gz")
                .isEqualTo(tarball.getFileName().toString());
        assertThat(top.resolve("bin/hpcenv-shim")).isExecutable();
        assertThat(top.resolve("install.sh")).isExecutable();
        assertThat(top.resolve("README")).isRegularFile();
        assertThat(top.resolve("lib/hpcenv-shim/hpcenv-shim.jar")).isRegularFile();
        try (Stream<Path> jars = Files.list(top.resolve("lib/hpcenv-shim/lib"))) {
            // Only the jars the shim's manifest names reach the node: nothing of Kubernetes or picocli.
            assertThat(jars.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.startsWith("tomlj-"))
                    .anyMatch(n -> n.startsWith("hpcenv-env-model") || n.startsWith("env-model"))
                    .doesNotContain(LEFTOVER_JAR)
                    .noneMatch(n -> n.startsWith("kubernetes-") || n.startsWith("picocli-") || n.contains("crds"));
        }
        // The archive is made on the node, for the node's JVM: never shipped.
        assertThat(top.resolve("lib/hpcenv-shim/hpcenv-shim.jsa")).doesNotExist();
        assertThat(top.resolve("share/hpcenv/site-example/shim.toml")).isRegularFile();
        if (Files.isDirectory(ROOT.resolve("examples/site/hooks.d"))) {
            assertThat(top.resolve("share/hpcenv/site-example/hooks.d")).isDirectory();
        }
        String listing = Processes.runOk(List.of("tar", "-tvzf", tarball.toString()), null)
                .stdout();
        assertThat(listing.lines()).allMatch(l -> l.contains(" 0/0 "), "every entry owned by root");
    }

    @Test
    void installTrainsTheArchiveInstallsTheSiteExampleAndPassesSelftest() throws Exception {
        Path node = Files.createDirectories(base.resolve("fresh-node"));
        Path prefix = node.resolve("opt");

        ShimResult install = install(node, prefix);

        assertThat(install.exitCode()).as("%s", install).isZero();
        assertThat(install.stdout()).contains("runtime start", "install.sh: selftest passed");
        Path release = currentRelease(prefix);
        assertThat(release.getParent()).isEqualTo(prefix.resolve("releases"));
        assertThat(prefix.resolve("bin/hpcenv-shim").toRealPath()).isEqualTo(release.resolve("bin/hpcenv-shim"));
        assertThat(release.resolve("lib/hpcenv-shim/hpcenv-shim.jar")).isRegularFile();
        assertThat(release.resolve("lib/hpcenv-shim/hpcenv-shim.jsa")).isRegularFile();
        assertThat(Files.getPosixFilePermissions(release.resolve("lib/hpcenv-shim/hpcenv-shim.jar")))
                .contains(PosixFilePermission.OTHERS_READ)
                .doesNotContain(PosixFilePermission.OTHERS_WRITE);
        assertThat(names(prefix)).containsExactlyInAnyOrder(".install.lock", "bin", "lib", "current", "releases");
        assertThat(names(prefix.resolve("bin"))).containsExactly("hpcenv-shim");
        Path etc = node.resolve("etc");
        assertThat(etc.resolve("shim.toml")).hasSameTextualContentAs(ROOT.resolve("examples/site/shim.toml"));
        if (Files.isDirectory(ROOT.resolve("examples/site/hooks.d"))) {
            assertThat(names(etc.resolve("hooks.d"))).isEqualTo(names(ROOT.resolve("examples/site/hooks.d")));
        }

        String launcher = prefix.resolve("bin/hpcenv-shim").toString();
        String config = "HPCENV_SHIM_CONFIG=" + etc.resolve("shim.toml");
        assertSelftestPasses(Processes.run(List.of("env", config, launcher, "selftest"), null));
        assertSelftestPasses(
                Processes.run(List.of("runuser", "-u", user, "--", "env", config, launcher, "selftest"), null));
    }

    @Test
    void reinstallSwitchesReleasesInOneStepAndKeepsTheOnesInUse() throws Exception {
        Path node = Files.createDirectories(base.resolve("upgraded-node"));
        Path prefix = node.resolve("opt");
        assertInstalled(install(node, prefix));
        Path first = currentRelease(prefix);
        assertInstalled(install(node, prefix));
        Path second = currentRelease(prefix);
        assertThat(second).isNotEqualTo(first);
        assertThat(prefix.resolve("previous").toRealPath()).isEqualTo(first);

        // A job still running from the first release: its files must stay until it ends.
        Process job = new ProcessBuilder(
                        "tail",
                        "-f",
                        "-n0",
                        first.resolve("lib/hpcenv-shim/VERSION").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            Processes.await("the job to open its file", java.time.Duration.ofSeconds(10), () -> holdsOpen(job, first));
            ShimResult third = install(node, prefix);
            assertInstalled(third);
            assertThat(third.stderr()).contains("keeping " + first.getFileName());
            assertThat(first).isDirectory();
        } finally {
            job.destroy();
            job.waitFor(10, TimeUnit.SECONDS);
        }
        Path thirdRelease = currentRelease(prefix);
        assertInstalled(install(node, prefix));
        // Current and previous stay; the rest goes once nothing uses it.
        assertThat(names(prefix.resolve("releases")))
                .containsExactlyInAnyOrder(
                        currentRelease(prefix).getFileName().toString(),
                        thirdRelease.getFileName().toString());
        assertThat(prefix.resolve("previous").toRealPath()).isEqualTo(thirdRelease);
        assertThat(names(prefix))
                .containsExactlyInAnyOrder(".install.lock", "bin", "lib", "current", "previous", "releases");
        assertThat(prefix.resolve("lib/hpcenv-shim/hpcenv-shim.jar").toRealPath())
                .isEqualTo(currentRelease(prefix).resolve("lib/hpcenv-shim/hpcenv-shim.jar"));
    }

    @Test
    void existingSiteConfigurationIsKeptAndABrokenNodeFailsTheInstall() throws Exception {
        Path node = Files.createDirectories(base.resolve("broken-node"));
        Path etc = Files.createDirectories(node.resolve("etc"));
        String adminFile = "# the admin's\nmount_mode = 42\n";
        Files.writeString(etc.resolve("shim.toml"), adminFile);

        ShimResult install = install(node, node.resolve("opt"));

        assertThat(install.exitCode()).as("%s", install).isNotZero();
        assertThat(install.stdout()).contains("shim.toml exists; left as it is");
        assertThat(install.stderr()).contains("shim.toml:2", "selftest FAILED");
        assertThat(etc.resolve("shim.toml")).hasContent(adminFile);
        assertThat(etc.resolve("hooks.d")).doesNotExist();
    }

    @Test
    void debianPackageDeclaresItsDependenciesAndTrainsOnTheNode() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "dpkg-deb not installed");
        Path deb;
        try (Stream<Path> files = Files.list(dist)) {
            deb = files.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
        }
        assertThat(deb.getFileName().toString()).matches("hpcenv-shim_[0-9][^_]*_all\\.deb");
        String info =
                Processes.runOk(List.of("dpkg-deb", "-I", deb.toString()), null).stdout();
        assertThat(info)
                .contains(
                        "Package: hpcenv-shim",
                        "Architecture: all",
                        "Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, squashfuse, squashfs-tools, "
                                + "skopeo, umoci, runc, fuse-overlayfs",
                        "Recommends: buildah",
                        " postinst",
                        " prerm");
        String contents =
                Processes.runOk(List.of("dpkg-deb", "-c", deb.toString()), null).stdout();
        assertThat(contents)
                .contains(
                        "./usr/bin/hpcenv-shim",
                        "./usr/lib/hpcenv-shim/hpcenv-shim.jar",
                        "./usr/lib/hpcenv-shim/setup/train-cds.sh",
                        "./usr/share/hpcenv/site-example/shim.toml")
                .doesNotContain(".jsa", "./etc/");
        assertThat(contents.lines()).allMatch(l -> l.contains(" root/root "), "every file owned by root");

        // Unpacked (not installed): the launcher finds its jars from /usr/bin's layout.
        Path root = Files.createDirectories(base.resolve("deb-root"));
        Processes.runOk(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), null);
        Path control = base.resolve("deb-control");
        Processes.runOk(List.of("dpkg-deb", "-e", deb.toString(), control.toString()), null);
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("/usr/lib/hpcenv-shim/setup/train-cds.sh /usr/bin/hpcenv-shim");
        List<String> cmd = new ArrayList<>(List.of(
                "env",
                "HPCENV_SHIM_CONFIG=" + unpackedTop().resolve("share/hpcenv/site-example/shim.toml"),
                root.resolve("usr/bin/hpcenv-shim").toString(),
                "selftest"));
        assertSelftestPasses(Processes.run(cmd, null));
    }

    private static ShimResult install(Path node, Path prefix) throws IOException, InterruptedException {
        List<String> cmd = List.of(
                "env",
                "HPCENV_ETC_DIR=" + node.resolve("etc"),
                "HPCENV_LIBEXEC_DIR=" + node.resolve("libexec"),
                unpackedTop().resolve("install.sh").toString(),
                prefix.toString());
        return Processes.run(cmd, null);
    }

    private static void assertInstalled(ShimResult r) {
        assertThat(r.exitCode()).as("%s", r).isZero();
    }

    private static void assertSelftestPasses(ShimResult r) {
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stdout()).contains("runtime start").doesNotContain("FAIL");
    }

    private static Path currentRelease(Path prefix) throws IOException {
        return prefix.resolve("current").toRealPath();
    }

    private static boolean holdsOpen(Process p, Path dir) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(p.pid()), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(dir);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static Path tarball() throws IOException {
        try (Stream<Path> files = Files.list(dist)) {
            return files.filter(p -> p.toString().endsWith(".tar.gz"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static Path unpackedTop() throws IOException {
        try (Stream<Path> dirs = Files.list(unpacked)) {
            return dirs.findFirst().orElseThrow();
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
    }
}
