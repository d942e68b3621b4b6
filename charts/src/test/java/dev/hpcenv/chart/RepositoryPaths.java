package dev.hpcenv.chart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the chart, the test resources and the e2e script live, whichever directory Maven ran from. */
final class RepositoryPaths {
    private RepositoryPaths() {
    }

    /** The repository root: -Dhpcenv.root (the parent pom sets it), else the working directory or its parent. */
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
                .filter(p -> Files.isRegularFile(p.resolve("charts/hpcenv/Chart.yaml")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("cannot find charts/hpcenv/Chart.yaml under any of "
                        + candidates + "; run from the repository or set -Dhpcenv.root"));
    }

    static Path chart() {
        return root().resolve("charts/hpcenv");
    }

    static Path testResources() {
        return root().resolve("charts/src/test/resources");
    }

    static Path kindScript() {
        return root().resolve("e2e/kind.sh");
    }

    static Path operatorConfigSource() {
        return root().resolve("operator/src/main/java/dev/hpcenv/operator/OperatorConfig.java");
    }
}
