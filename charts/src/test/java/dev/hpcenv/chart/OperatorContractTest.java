package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Files;
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

    @Test
    void chartSetsExactlyTheVariablesOperatorConfigReads() throws IOException {
        String source = Files.readString(RepositoryPaths.operatorConfigSource());
        Set<String> read = new TreeSet<>();
        Matcher m = HPCENV_VARIABLE.matcher(source + Files.readString(RepositoryPaths.orphanSettingsSource()));
        while (m.find()) {
            read.add(m.group(1));
        }
        Deployment deployment =
                RenderedManifests.parse(Scenario.DEFAULTS.render()).single(Deployment.class);
        Set<String> set =
                new TreeSet<>(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .map(EnvVar::getName)
                        .filter(n -> n.startsWith("HPCENV_"))
                        .toList());

        assertThat(read)
                .as("HPCENV_ variables in OperatorConfig.java and OrphanSettings.java")
                .isNotEmpty();
        assertThat(set)
                .as("HPCENV_ variables the chart sets vs. those OperatorConfig and OrphanSettings read")
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
