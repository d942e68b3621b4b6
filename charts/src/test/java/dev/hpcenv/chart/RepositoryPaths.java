package dev.hpcenv.chart;

import dev.hpcenv.crd.testing.CommittedFiles;
import java.nio.file.Path;

/** Where the chart, the test resources and the e2e script live, whichever directory Maven ran from. */
final class RepositoryPaths {
    private RepositoryPaths() {}

    /** The repository root: -Dhpcenv.root (the parent pom sets it), else the working directory or its parent. */
    static Path root() {
        return CommittedFiles.repoRoot();
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

    /** The settings of the installation id and orphan collection, read beside OperatorConfig's. */
    static Path orphanSettingsSource() {
        return root().resolve("operator/src/main/java/dev/hpcenv/operator/orphans/OrphanSettings.java");
    }

    /**
     * The settings of the job-log parts: the store and ingest (logs/store/LogSettings.java) and the
     * aggregated API (logs/api/LogApiSettings.java).
     */
    static java.util.List<Path> logSettingsSources() {
        Path logs = root().resolve("operator/src/main/java/dev/hpcenv/operator/logs");
        return java.util.List.of(logs.resolve("store/LogSettings.java"), logs.resolve("api/LogApiSettings.java"));
    }
}
