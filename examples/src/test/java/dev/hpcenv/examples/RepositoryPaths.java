package dev.hpcenv.examples;

import dev.hpcenv.crd.testing.CommittedFiles;
import java.nio.file.Path;

/** The repository root, whichever directory Maven ran from (-Dhpcenv.root, set by the parent pom, wins). */
final class RepositoryPaths {
    private RepositoryPaths() {}

    static Path root() {
        return CommittedFiles.repoRoot();
    }
}
