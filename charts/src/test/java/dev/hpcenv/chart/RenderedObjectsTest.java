package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.testing.CrdSchemaValidator;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rendered object parses into the fabric8 model, and each scenario renders exactly its objects. */
class RenderedObjectsTest {

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void everyObjectParsesAndCarriesTheChartLabels(Scenario scenario) {
        RenderedManifests manifests = RenderedManifests.parse(scenario.render());

        assertThat(manifests.all()).isNotEmpty().allSatisfy(object -> {
            assertThat(object.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/part-of", "hpcenv")
                    .containsEntry("app.kubernetes.io/managed-by", "Helm");
        });
    }

    @Test
    void defaultsRenderTheOperatorWithItsAccountRbacAndMetricsService() {
        RenderedManifests manifests = RenderedManifests.parse(Scenario.DEFAULTS.render());

        assertThat(manifests.identities())
                .containsExactlyInAnyOrder(
                        "ServiceAccount/hpcenv-system/hpcenv-operator",
                        "ClusterRole//hpcenv-operator",
                        "ClusterRoleBinding//hpcenv-operator",
                        "Role/hpcenv-system/hpcenv-operator-leader-election",
                        "RoleBinding/hpcenv-system/hpcenv-operator-leader-election",
                        "Service/hpcenv-system/hpcenv-operator-metrics",
                        "Deployment/hpcenv-system/hpcenv-operator",
                        // Job logs (on by default): the volume, the ingest Service, the aggregated API and its RBAC.
                        "PersistentVolumeClaim/hpcenv-system/hpcenv-operator-logs",
                        "Service/hpcenv-system/hpcenv-operator-log-ingest",
                        "Secret/hpcenv-system/hpcenv-operator-log-api-tls",
                        "Service/hpcenv-system/hpcenv-operator-log-api",
                        "APIService//v1alpha1.logs.hpcenv.dev",
                        "ClusterRole//hpcenv-operator-log-reader",
                        "ClusterRoleBinding//hpcenv-operator-auth-delegator",
                        "RoleBinding/kube-system/hpcenv-operator-auth-reader");
    }

    @Test
    void productionAddsServiceMonitorSlurmClusterAndItsSecret() {
        RenderedManifests manifests = RenderedManifests.parse(Scenario.PRODUCTION.render());

        assertThat(manifests.ofType(ServiceMonitor.class)).hasSize(1);
        SlurmCluster cluster = manifests.single(SlurmCluster.class);
        assertThat(cluster.getMetadata().getName()).isEqualTo("daint");
        assertThat(cluster.getMetadata().getNamespace())
                .as("SlurmCluster is cluster scoped")
                .isNull();
        assertThat(cluster.getSpec().getUrl()).isEqualTo("https://slurmrestd.example.org:6820");
        assertThat(cluster.getSpec().getAuth().getJwtKeySecretRef().getNamespace())
                .isEqualTo("slurm-system");
        assertThat(cluster.getSpec().getAuth().getJwtKeySecretRef().getName()).isEqualTo("daint-jwt-key");
        assertThat(cluster.getSpec().getAuth().getJwtKeySecretRef().getKey()).isEqualTo("jwt_hs256.key");
        assertThat(cluster.getSpec().getAuth().getTokenSecretRef()).isNull();
        assertThat(cluster.getSpec().getUserMappings())
                .extracting(m -> m.getNamespace() + "=" + m.getUser())
                .containsExactly("ml=alice", "climate=bob");

        Secret secret = manifests.single(Secret.class);
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("slurm-system");
        assertThat(secret.getMetadata().getName()).isEqualTo("daint-jwt-key");
        assertThat(secret.getData()).containsOnlyKeys("jwt_hs256.key");
    }

    @Test
    void tokenAuthReferencesTheSecretAsTokenSecretRef() {
        String rendered = ChartRenderer.forRepositoryChart()
                .render(ChartRenderer.Values.set("slurmCluster.create", true)
                        .and("slurmCluster.url", "http://slurmrestd.slurm:6820")
                        .and("slurmCluster.auth.type", "token")
                        .and("slurmCluster.auth.secret.name", "slurm-token")
                        .and("slurmCluster.auth.secret.key", "token"));

        SlurmCluster cluster = RenderedManifests.parse(rendered).single(SlurmCluster.class);
        assertThat(cluster.getSpec().getAuth().getJwtKeySecretRef()).isNull();
        assertThat(cluster.getSpec().getAuth().getJwtLifespanSeconds())
                .as("jwtLifespanSeconds applies only with jwtKeySecretRef (a CEL rule of the CRD)")
                .isNull();
        assertThat(cluster.getSpec().getAuth().getTokenSecretRef().getName()).isEqualTo("slurm-token");
        assertThat(cluster.getSpec().getAuth().getTokenSecretRef().getNamespace())
                .as("defaults to the release namespace")
                .isEqualTo(ChartRenderer.NAMESPACE);
        assertThat(RenderedManifests.parse(rendered).ofType(Secret.class))
                .as("the Secret is created only with auth.secret.create (the other is the log API's certificate)")
                .extracting(secret -> secret.getMetadata().getName())
                .containsExactly("hpcenv-operator-log-api-tls");
    }

    @Test
    void renderedSlurmClustersPassTheCrdSchemaAndCelRules() {
        CrdSchemaValidator validator = CrdSchemaValidator.forGeneratedCrds();
        String token = ChartRenderer.forRepositoryChart()
                .render(ChartRenderer.Values.set("slurmCluster.create", true)
                        .and("slurmCluster.url", "http://slurmrestd.slurm:6820")
                        .and("slurmCluster.auth.type", "token"));

        for (String rendered : List.of(Scenario.PRODUCTION.render(), token)) {
            List<String> clusters = RenderedManifests.parse(rendered).documentsOfKind("SlurmCluster");
            assertThat(clusters).hasSize(1);
            assertThat(validator.validate(clusters.get(0)))
                    .as("CRD schema violations")
                    .isEmpty();
        }
    }

    @Test
    void minimalLeavesOutRbacAccountAndMetrics() {
        RenderedManifests manifests = RenderedManifests.parse(Scenario.MINIMAL.render());

        assertThat(manifests.ofType(ServiceAccount.class)).isEmpty();
        assertThat(manifests.ofType(ClusterRole.class)).isEmpty();
        assertThat(manifests.ofType(ClusterRoleBinding.class)).isEmpty();
        assertThat(manifests.ofType(Role.class)).isEmpty();
        assertThat(manifests.ofType(RoleBinding.class)).isEmpty();
        assertThat(manifests.ofType(Service.class)).isEmpty();
        assertThat(manifests
                        .single(Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getServiceAccountName())
                .isEqualTo("hpcenv-preexisting");
    }
}
