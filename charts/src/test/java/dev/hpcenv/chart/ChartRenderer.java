package dev.hpcenv.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders charts/hpcenv with the native helm that helm-java bundles, as `helm template` would, with a
 * fixed release name and namespace so that golden files are stable.
 */
final class ChartRenderer {
    static final String RELEASE = "hpcenv";
    static final String NAMESPACE = "hpcenv-system";
    static final String KUBE_VERSION = "v1.31.0";

    private final Path chart;

    private ChartRenderer(Path chart) {
        this.chart = chart;
    }

    static ChartRenderer forRepositoryChart() {
        return new ChartRenderer(RepositoryPaths.chart());
    }

    Path chart() {
        return chart;
    }

    /** A rendering: a values file (may be null) and --set values, applied after the file. */
    record Values(Path file, Map<String, Object> sets) {
        static Values defaults() {
            return new Values(null, Map.of());
        }

        static Values file(Path file) {
            return new Values(file, Map.of());
        }

        static Values set(String key, Object value) {
            return defaults().and(key, value);
        }

        Values and(String key, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(sets);
            more.put(key, value);
            return new Values(file, more);
        }
    }

    /** The rendered manifests (CRDs left out: the crds module checks them), or an exception carrying helm's message. */
    String render(Values values) {
        TemplateCommand template = new Helm(chart)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                // helm template assumes Kubernetes 1.20 without it, older than the chart supports.
                .withKubeVersion(KUBE_VERSION)
                .skipCrds();
        if (values.file() != null) {
            if (!Files.isRegularFile(values.file())) {
                throw new IllegalArgumentException("values file " + values.file() + " does not exist");
            }
            template = template.withValuesFile(values.file());
        }
        for (Map.Entry<String, Object> set : values.sets().entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    /** helm's message when the values are refused; fails when they render. */
    String refusal(Values values) {
        try {
            render(values);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("helm rendered the chart with " + values + "; expected it to refuse");
    }

    LintResult lint() {
        return new Helm(chart).lint().strict().call();
    }
}
