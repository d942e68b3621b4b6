package dev.hpcenv.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages of dev/package-kubectl-plugin.sh as a user installs them: the tarball unpacked and its
 * launcher linked into a PATH directory, the .deb's files under /usr; both run the plugin.
 */
class PluginPackageIT {

    @TempDir
    Path base;

    @Test
    void the_tarball_and_the_deb_install_a_working_plugin() throws Exception {
        // Given
        Path jars = Files.createDirectories(base.resolve("jars"));
        PluginInstall.writeJar(jars.resolve("kubectl-hpcenv.jar"));
        Path dist = base.resolve("dist");
        List<String> written = lines(run(
                PluginInstall.repositoryRoot()
                        .resolve("dev/package-kubectl-plugin.sh")
                        .toString(),
                "--out",
                dist.toString(),
                "--jar-dir",
                jars.toString()));

        // When: unpacked anywhere, the launcher linked from a directory on PATH
        Path tarball = Path.of(written.get(0));
        assertThat(tarball.getFileName().toString()).matches("kubectl-hpcenv-\\d[^/]*\\.tar\\.gz");
        run(
                "tar",
                "-xzf",
                tarball.toString(),
                "-C",
                Files.createDirectories(base.resolve("opt")).toString());
        String top = tarball.getFileName().toString().replace(".tar.gz", "");
        Path onPath = Files.createDirectories(base.resolve("path"));
        Files.createSymbolicLink(onPath.resolve("kubectl-hpcenv"), base.resolve("opt/" + top + "/bin/kubectl-hpcenv"));

        // Then
        assertThat(run(onPath.resolve("kubectl-hpcenv").toString(), "version")).startsWith("kubectl-hpcenv ");
        assertThat(base.resolve("opt/" + top + "/README")).content().contains("kubectl hpcenv logs JOB");

        // And the Debian package, where dpkg-deb exists
        Assumptions.assumeTrue(written.size() == 2, "*** SKIPPED: no dpkg-deb: the .deb part of PluginPackageIT");
        Path deb = Path.of(written.get(1));
        assertThat(run("dpkg-deb", "-f", deb.toString(), "Package", "Depends"))
                .contains("Package: kubectl-hpcenv", "java17-runtime-headless");
        Path root = base.resolve("deb-root");
        run("dpkg-deb", "-x", deb.toString(), root.toString());
        assertThat(root.resolve("usr/lib/kubectl-hpcenv/kubectl-hpcenv.jar")).isRegularFile();
        assertThat(run(root.resolve("usr/bin/kubectl-hpcenv").toString(), "version"))
                .startsWith("kubectl-hpcenv ");
    }

    private static List<String> lines(String text) {
        return List.of(text.strip().split("\n"));
    }

    private String run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(base, "run", ".out");
        List<String> args = new ArrayList<>(List.of(command));
        ProcessBuilder builder =
                new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment()
                .put(
                        "PATH",
                        Path.of(System.getProperty("java.home"), "bin")
                                + File.pathSeparator
                                + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", args) + " did not end within 120 s\n" + Files.readString(out));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", args) + " failed (exit " + process.exitValue() + ")\n" + output);
        }
        return output;
    }
}
