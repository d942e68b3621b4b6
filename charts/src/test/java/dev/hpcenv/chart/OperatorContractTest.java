package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart configures the operator through environment variables and grants it one Lease: both are
 * named in operator/.../OperatorConfig.java. Reading the source (rather than depending on the operator
 * jar) keeps this module buildable on its own while still failing when either side renames something.
 */
class OperatorContractTest {
    private static final Pattern HPCENV_VARIABLE = Pattern.compile("\"(HPCENV_[A-Z_]+)\"");
    private static final Pattern LEASE_NAME = Pattern.compile("LEASE_NAME\\s*=\\s*\"([^\"]+)\"");

    /**
     * Variables the operator reads that the chart leaves to the operator's default on purpose: the ingest
     * key lives on the log volume (HPCENV_LOG_DIR/ingest.key), and the log API listens on all addresses.
     */
    private static final Set<String> LEFT_TO_DEFAULTS = Set.of("HPCENV_LOG_KEY_FILE", "HPCENV_LOG_API_ADDRESS");

    @Test
    void chartSetsExactlyTheVariablesOperatorConfigReads() throws IOException {
        String source = Files.readString(RepositoryPaths.operatorConfigSource());
        StringBuilder sources =
                new StringBuilder(source).append(Files.readString(RepositoryPaths.orphanSettingsSource()));
        for (Path logSettings : RepositoryPaths.logSettingsSources()) {
            assertThat(logSettings)
                    .as("the job-log settings the chart configures")
                    .isRegularFile();
            sources.append(Files.readString(logSettings));
        }
        Set<String> read = new TreeSet<>();
        Matcher m = HPCENV_VARIABLE.matcher(sources);
        while (m.find()) {
            read.add(m.group(1));
        }
        read.removeAll(LEFT_TO_DEFAULTS);
        // The defaults and the scenario with every job-log option on (ingest TLS sets two more).
        Set<String> set = new TreeSet<>();
        for (Scenario scenario : List.of(Scenario.DEFAULTS, Scenario.LOGS)) {
            Deployment deployment = RenderedManifests.parse(scenario.render()).single(Deployment.class);
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .map(EnvVar::getName)
                    .filter(n -> n.startsWith("HPCENV_"))
                    .forEach(set::add);
        }

        assertThat(read)
                .as("HPCENV_ variables in OperatorConfig.java, OrphanSettings.java and the log settings")
                .isNotEmpty();
        assertThat(set)
                .as("HPCENV_ variables the chart sets vs. those the operator's settings read")
                .isEqualTo(read);
        assertThat(source)
                .as("leader election reads these from the downward API")
                .contains("\"POD_NAMESPACE\"", "\"POD_NAME\"");
    }

    @Test
    void leaseRoleNamesTheOperatorsLease() throws IOException {
        Matcher m = LEASE_NAME.matcher(Files.readString(RepositoryPaths.operatorConfigSource()));
        assertThat(m.find()).as("OperatorConfig declares LEASE_NAME").isTrue();
        Role role = RenderedManifests.parse(Scenario.DEFAULTS.render())
                .named(Role.class, "hpcenv-operator-leader-election")
                .orElseThrow();

        assertThat(role.getRules())
                .anySatisfy(rule -> assertThat(rule.getResourceNames()).containsExactly(m.group(1)));
    }
}
