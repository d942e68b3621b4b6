package dev.hpcenv.edf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Shared by the tests of edf-converter and (through its test-jar) edf-cli: the corpus location, the expansion
 * variables, files written for a test. The CLI run in-process is edf-cli's {@code InProcessEdf}.
 */
public final class TestSupport {
    /** Variables the corpus files reference. */
    public static final Map<String, String> VARS = Map.of(
            "SCRATCH", "/capstor/scratch/cscs/alice",
            "HOME", "/users/alice",
            "USER", "alice",
            "PWD", "/users/alice/run",
            "VAR_FROM_HOST", "from-host",
            "PATH", "/usr/bin:/bin");

    private TestSupport() {}

    /** The repository's own copy of the public corpus; fails (never skips) when it is missing. */
    public static Path corpus() {
        Path corpus = insideRepository(moduleDirectory().resolve("src/test/resources/edf-corpus"));
        for (String folder : List.of("seed", "cscs-docs", "invalid")) {
            assertThat(corpus.resolve(folder))
                    .as("EDF corpus folder in the repository")
                    .isDirectory();
        }
        return corpus;
    }

    /** The stand-ins for Listing 1's bases, which the paper names but does not give. */
    public static Path stubBases() {
        Path stubs = insideRepository(moduleDirectory().resolve("src/test/resources/stub-bases"));
        assertThat(stubs).isDirectory();
        return stubs;
    }

    /** This module's directory, whichever module's tests run (edf-cli's read the corpus here too). */
    private static Path moduleDirectory() {
        String root = System.getProperty("hpcenv.root");
        assertThat(root)
                .as("system property hpcenv.root (set by surefire to the repository root)")
                .isNotNull();
        return Path.of(root, "edf-converter");
    }

    /**
     * {@code path} (relative to the module, surefire's working directory) with links resolved, refused when
     * it leaves the repository: a clone must pass its tests with nothing beside it.
     */
    public static Path insideRepository(Path path) {
        String root = System.getProperty("hpcenv.root");
        assertThat(root)
                .as("system property hpcenv.root (set by surefire to the repository root)")
                .isNotNull();
        return requireInside(Path.of(root), path);
    }

    /** {@code path} resolved (links included) against the working directory, or an error when outside {@code root}. */
    static Path requireInside(Path root, Path path) {
        try {
            Path realRoot = root.toRealPath();
            Path real = path.toAbsolutePath().normalize().toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new AssertionError("test data " + path + " resolves to " + real + ", outside the repository "
                        + realRoot + "; copy it into the repository (for example src/test/resources)");
            }
            return real;
        } catch (IOException e) {
            throw new AssertionError("test data " + path + " is missing (" + e + "); it belongs in the repository", e);
        }
    }

    public static List<Path> tomlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".toml")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir, e);
        }
    }

    public static Path write(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
