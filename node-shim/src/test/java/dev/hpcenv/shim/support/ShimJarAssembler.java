package dev.hpcenv.shim.support;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * Lays out what {@code mvn package} leaves in node-shim/target (hpcenv-shim.jar with a Class-Path
 * manifest, lib/), from this test run's own class path. During {@code mvn test} the packaged jar
 * may be missing or older than the classes under test, and a nested Maven build is no option.
 */
public final class ShimJarAssembler {
    private static final String MAIN_CLASS = "dev.hpcenv.shim.cli.ShimCli";
    private static final List<String> TEST_ONLY =
            List.of("junit", "assertj", "opentest4j", "apiguardian", "surefire", "byte-buddy", "jqwik", "test-classes");

    private ShimJarAssembler() {}

    /** Writes {@code dir/hpcenv-shim.jar} and {@code dir/lib/*.jar}; returns {@code dir}. */
    public static Path assemble(Path dir, Path ownClasses) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        List<String> classPath = new ArrayList<>();
        Path own = ownClasses.toAbsolutePath().normalize();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(entry).toAbsolutePath().normalize();
            if (src.equals(own) || !Files.exists(src) || TEST_ONLY.stream().anyMatch(entry::contains)) {
                continue;
            }
            String name;
            if (Files.isDirectory(src)) {
                // An upstream module's classes when the reactor runs it: module/target/classes.
                name = src.getParent().getParent().getFileName() + "-classes.jar";
                jar(lib.resolve(name), src, null);
            } else {
                name = src.getFileName().toString();
                Files.copy(src, lib.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            classPath.add("lib/" + name);
        }
        Path manifest = dir.resolve("MANIFEST.MF");
        Files.writeString(manifest, manifestText(classPath));
        jar(dir.resolve("hpcenv-shim.jar"), own, manifest);
        Files.delete(manifest);
        return dir;
    }

    /** Manifest lines are at most 72 bytes; continuation lines start with a space. */
    private static String manifestText(List<String> classPath) {
        StringBuilder out = new StringBuilder("Manifest-Version: 1.0\nMain-Class: " + MAIN_CLASS + "\n");
        String line = "Class-Path: " + String.join(" ", classPath);
        out.append(line, 0, Math.min(70, line.length())).append('\n');
        for (int i = 70; i < line.length(); i += 69) {
            out.append(' ').append(line, i, Math.min(i + 69, line.length())).append('\n');
        }
        return out.toString();
    }

    private static void jar(Path target, Path classes, Path manifest) {
        ToolProvider jar =
                ToolProvider.findFirst("jar").orElseThrow(() -> new AssertionError("no jar tool in this JDK"));
        List<String> args = new ArrayList<>(List.of("--create", "--file", target.toString()));
        if (manifest != null) {
            args.addAll(List.of("--manifest", manifest.toString()));
        }
        args.addAll(List.of("-C", classes.toString(), "."));
        StringWriter err = new StringWriter();
        int status = jar.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
        if (status != 0) {
            throw new AssertionError("jar " + args + " failed: " + err);
        }
    }
}
