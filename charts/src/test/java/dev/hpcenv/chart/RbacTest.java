package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's rights are exactly what it uses: the four kinds (read; status patches; patches of the
 * two kinds it keeps a finalizer on), Events, its own namespace (whose UID is the installation id), its
 * own Lease, and the named Secrets. A new right must
 * be added here on purpose.
 */
class RbacTest {

    /** A rule as one comparable line: "groups | resources | names | verbs". */
    private static String line(PolicyRule rule) {
        return String.join(",", rule.getApiGroups()) + " | " + String.join(",", rule.getResources()) + " | "
                + String.join(",", rule.getResourceNames() == null ? List.of() : rule.getResourceNames()) + " | "
                + String.join(",", rule.getVerbs());
    }

    @Test
    void clusterRoleGrantsExactlyWhatTheOperatorUses() {
        ClusterRole role = RenderedManifests.parse(Scenario.DEFAULTS.render())
                .named(ClusterRole.class, "hpcenv-operator")
                .orElseThrow();

        assertThat(role.getRules())
                .extracting(RbacTest::line)
                .containsExactly(
                        "hpcenv.dev | hpcenvironments,clusterhpcenvironments |  | get,list,watch",
                        "hpcenv.dev | hpcjobs,slurmclusters |  | get,list,watch,patch",
                        "hpcenv.dev | hpcenvironments/status,clusterhpcenvironments/status,hpcjobs/status,slurmclusters/status"
                                + " |  | get,patch",
                        " | events |  | create",
                        " | namespaces | " + ChartRenderer.NAMESPACE + " | get");
    }

    @Test
    void withAConfiguredInstallationIdTheOperatorReadsNoNamespace() {
        ClusterRole role = RenderedManifests.parse(ChartRenderer.forRepositoryChart()
                        .render(ChartRenderer.Values.set("operator.installationId", "alps-prod")))
                .named(ClusterRole.class, "hpcenv-operator")
                .orElseThrow();

        assertThat(role.getRules()).noneMatch(rule -> rule.getResources().contains("namespaces"));
    }

    @Test
    void leaseRoleIsLimitedToTheOperatorsLeaseInTheReleaseNamespace() {
        Role role = RenderedManifests.parse(Scenario.DEFAULTS.render())
                .named(Role.class, "hpcenv-operator-leader-election")
                .orElseThrow();

        assertThat(role.getMetadata().getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
        assertThat(role.getRules())
                .extracting(RbacTest::line)
                .containsExactly(
                        "coordination.k8s.io | leases |  | create",
                        "coordination.k8s.io | leases | hpcenv-operator | get,update,patch");
    }

    @Test
    void withoutLeaderElectionThereIsNoLeaseRole() {
        RenderedManifests manifests = RenderedManifests.parse(
                ChartRenderer.forRepositoryChart().render(ChartRenderer.Values.set("leaderElection.enabled", false)));

        assertThat(manifests.ofType(Role.class)).isEmpty();
        assertThat(manifests.ofType(RoleBinding.class))
                .as("only the job-log API's binding to the front-proxy configuration reader, in kube-system")
                .extracting(b ->
                        b.getMetadata().getNamespace() + "/" + b.getMetadata().getName())
                .containsExactly("kube-system/hpcenv-operator-auth-reader");
    }

    @Test
    void secretsAreReadableOnlyByNameInTheirNamespace() {
        RenderedManifests manifests = RenderedManifests.parse(Scenario.PRODUCTION.render());

        List<Role> secretRoles = manifests.ofType(Role.class).stream()
                .filter(r -> r.getMetadata().getName().endsWith("-slurm-secrets"))
                .toList();
        assertThat(secretRoles)
                .extracting(r -> r.getMetadata().getNamespace() + ": "
                        + r.getRules().stream().map(RbacTest::line).toList())
                .containsExactlyInAnyOrder(
                        "hpcenv-system: [ | secrets | other-cluster-key | get]",
                        // the chart's own SlurmCluster Secret joins the one listed in rbac.secretAccess
                        "slurm-system: [ | secrets | alps-token,daint-jwt-key | get]");
        for (Role role : secretRoles) {
            RoleBinding binding = manifests.ofType(RoleBinding.class).stream()
                    .filter(b -> b.getMetadata()
                                    .getNamespace()
                                    .equals(role.getMetadata().getNamespace())
                            && b.getRoleRef()
                                    .getName()
                                    .equals(role.getMetadata().getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no RoleBinding for " + role.getMetadata()));
            assertThat(binding.getSubjects())
                    .extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            "ServiceAccount", "hpcenv-controller", ChartRenderer.NAMESPACE));
        }
    }

    @Test
    void defaultsGrantNoSecretAtAll() {
        assertThat(allRules(RenderedManifests.parse(Scenario.DEFAULTS.render())))
                .noneMatch(rule -> rule.getResources().contains("secrets"));
    }

    @Test
    void noRuleInAnyScenarioUsesWildcardsOrListsSecrets() {
        for (Scenario scenario : Scenario.values()) {
            assertThat(allRules(RenderedManifests.parse(scenario.render())))
                    .as("%s", scenario)
                    .allSatisfy(rule -> {
                        assertThat(Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())
                                        .flatMap(List::stream))
                                .doesNotContain("*");
                        if (rule.getResources().contains("secrets")) {
                            assertThat(rule.getVerbs()).containsExactly("get");
                            assertThat(rule.getResourceNames()).isNotEmpty();
                        }
                    });
        }
    }

    private static List<PolicyRule> allRules(RenderedManifests manifests) {
        return manifests.all().stream().flatMap(RbacTest::rules).toList();
    }

    private static Stream<PolicyRule> rules(HasMetadata object) {
        if (object instanceof ClusterRole role) {
            return role.getRules().stream();
        }
        if (object instanceof Role role) {
            return role.getRules().stream();
        }
        return Stream.empty();
    }
}
