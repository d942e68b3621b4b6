package dev.hpcenv.kube.embedded.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.kube.embedded.TestClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded API serving every CRD the shared validation cases use, and a {@link CaseRunner} for it:
 * how the unit tests run {@link ValidationCases} (the same requests CrdsRealApiIT sends to a real
 * kube-apiserver). A test class registers it as an extension ({@link #perClass()}) to get one API for
 * all its tests, or {@link #start()}s one itself.
 */
public final class EmbeddedCases implements AutoCloseable {

    static final String NAMESPACE = "cases";

    private final EmbeddedKubernetesApi api;
    private final KubernetesClient client;
    private final CaseRunner runner;

    private EmbeddedCases() {
        api = EmbeddedKubernetesApi.withCrds(ValidationCases.crds(), 0).start();
        client = TestClients.of(api);
        CaseRunner.send(
                client,
                "POST",
                "/api/v1/namespaces",
                "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + NAMESPACE + "\"}}");
        runner = new CaseRunner(client, ValidationCases.crds(), NAMESPACE, "case");
    }

    public static EmbeddedCases start() {
        return new EmbeddedCases();
    }

    /** For {@code @RegisterExtension static}: started before the class's first test, closed after its last. */
    public static PerClass perClass() {
        return new PerClass();
    }

    /** One {@link EmbeddedCases} for the tests of a class. */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private EmbeddedCases cases;

        @Override
        public void beforeAll(ExtensionContext context) {
            cases = start();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (cases != null) {
                cases.close();
            }
        }

        public List<String> violations(ValidationCase c) {
            return cases.violations(c);
        }

        public List<String> assertVerdict(ValidationCase c) {
            return cases.assertVerdict(c);
        }
    }

    /** What the embedded API refuses in the case (one {@code field: message} line each). */
    public List<String> violations(ValidationCase c) {
        return runner.violations(c);
    }

    /** Runs the case and checks the embedded API gives it the verdict it expects. */
    public List<String> assertVerdict(ValidationCase c) {
        List<String> violations = violations(c);
        assertThat(c.mismatch(violations))
                .as("case " + c + "\nobject: " + c.object() + "\nembedded API: " + violations)
                .isNull();
        return violations;
    }

    @Override
    public void close() {
        client.close();
        api.close();
    }
}
