package dev.hpcenv.chart;

import java.nio.file.Path;

/**
 * The value sets the chart is rendered with in the golden and model tests: the defaults, a production
 * set that turns every option on (three replicas, so no job logs: one operator writes their volume), a
 * minimal one that turns the optional parts off, and one with every job-log option on.
 */
enum Scenario {
    DEFAULTS(null),
    PRODUCTION("values/production.yaml"),
    MINIMAL("values/minimal.yaml"),
    LOGS("values/logs.yaml");

    private final String valuesFile;

    Scenario(String valuesFile) {
        this.valuesFile = valuesFile;
    }

    ChartRenderer.Values chartValues() {
        return valuesFile == null
                ? ChartRenderer.Values.defaults()
                : ChartRenderer.Values.file(RepositoryPaths.testResources().resolve(valuesFile));
    }

    Path golden() {
        return RepositoryPaths.testResources().resolve("golden/" + name().toLowerCase(java.util.Locale.ROOT) + ".yaml");
    }

    String render() {
        return ChartRenderer.forRepositoryChart().render(chartValues());
    }
}
