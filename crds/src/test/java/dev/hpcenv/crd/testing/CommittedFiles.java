package dev.hpcenv.crd.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Files generated from the model but committed, so that Helm, kubectl and readers see them without a
 * build. The drift tests compare them with what the model generates; run with
 * {@code -Dhpcenv.updateGenerated=true} (dev/update-crds.sh does) they rewrite them instead.
 */
public final class CommittedFiles {
    public static final String UPDATE_PROPERTY = "hpcenv.updateGenerated";
    public static final String UPDATE_HINT = "run dev/update-crds.sh and commit the result";

    private CommittedFiles() {}

    /**
     * The repository root: the surefire property the parent pom sets (the directory Maven started
     * in, which is crds/ itself when Maven runs there), else the working directory or its parent.
     */
    public static Path repoRoot() {
        List<Path> candidates = new ArrayList<>();
        String root = System.getProperty("hpcenv.root");
        if (root != null && !root.isBlank()) {
            candidates.add(Path.of(root).toAbsolutePath());
        }
        candidates.add(Path.of("").toAbsolutePath());
        for (Path start : List.copyOf(candidates)) {
            if (start.getParent() != null) {
                candidates.add(start.getParent());
            }
        }
        return candidates.stream()
                .filter(p -> Files.isRegularFile(p.resolve("crds/pom.xml")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "cannot find the repository root (no crds/pom.xml in " + candidates + "); set -Dhpcenv.root"));
    }

    public static Path manifestsDir() {
        return repoRoot().resolve("crds/manifests");
    }

    public static Path chartCrdsDir() {
        return repoRoot().resolve("charts/hpcenv/crds");
    }

    public static Path referenceDoc() {
        return repoRoot().resolve("docs/crd-reference.md");
    }

    public static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /** The file's text, or null when it does not exist. */
    public static String readOrNull(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes through a temporary file and a rename, so a failed run never leaves half a file behind. */
    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
