package dev.hpcenv.kubectl;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The plugin as the tests install it: the repository's launcher beside a jar of this build's classes. */
final class PluginInstall {

    private PluginInstall() {}

    /** PREFIX/bin/kubectl-hpcenv and PREFIX/lib/kubectl-hpcenv/kubectl-hpcenv.jar; returns PREFIX/bin. */
    static Path intoPrefix(Path prefix) throws IOException, URISyntaxException {
        Path bin = Files.createDirectories(prefix.resolve("bin"));
        Files.copy(
                repositoryRoot().resolve("bin/kubectl-hpcenv"),
                bin.resolve("kubectl-hpcenv"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(bin.resolve("kubectl-hpcenv"), PosixFilePermissions.fromString("rwxr-xr-x"));
        writeJar(Files.createDirectories(prefix.resolve("lib/kubectl-hpcenv")).resolve("kubectl-hpcenv.jar"));
        return bin;
    }

    /** An executable jar of the classes under test (target/classes), whatever phase Maven ran. */
    static void writeJar(Path target) throws IOException, URISyntaxException {
        Path classes = Path.of(KubectlHpcenv.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, KubectlHpcenv.class.getName());
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(target), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
    }

    static Path repositoryRoot() {
        String root = System.getProperty("hpcenv.root");
        Path start = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bin/kubectl-hpcenv"))) {
                return dir;
            }
        }
        throw new AssertionError("no bin/kubectl-hpcenv above " + start + " (set -Dhpcenv.root)");
    }
}
