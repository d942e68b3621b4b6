package dev.hpcenv.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The repository root, whichever directory Maven ran from (-Dhpcenv.root, set by the parent pom, wins). */
final class RepositoryPaths {
    private RepositoryPaths() {
    }

    static Path root() {
        List<Path> candidates = new ArrayList<>();
        String root = System.getProperty("hpcenv.root");
        if (root != null && !root.isBlank()) {
            candidates.add(Path.of(root).toAbsolutePath());
        }
        Path here = Path.of("").toAbsolutePath();
        candidates.add(here);
        if (here.getParent() != null) {
            candidates.add(here.getParent());
        }
        return candidates.stream()
                .filter(p -> Files.isRegularFile(p.resolve("examples/README.md")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("cannot find examples/README.md under any of "
                        + candidates + "; run from the repository or set -Dhpcenv.root"));
    }
}
