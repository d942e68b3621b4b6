package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeploymentTest {

    private static Deployment deployment(Scenario scenario) {
        return RenderedManifests.parse(scenario.render()).single(Deployment.class);
    }

    private static Container operator(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, Function.identity()));
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void runsNonRootReadOnlyWithoutPrivilegeEscalationOrCapabilities(Scenario scenario) {
        Deployment deployment = deployment(scenario);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = operator(deployment);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getPrivileged()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts())
                .as("a writable /tmp for the JVM on a read-only root")
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void probesAndMetricsUseTheOperatorsOneHttpPort(Scenario scenario) {
        Container container = operator(deployment(scenario));
        int port = Integer.parseInt(env(container).get("HPCENV_HTTP_PORT").getValue());

        assertThat(container.getPorts())
                .filteredOn(p -> p.getName().equals("http"))
                .singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port));
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("http");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("http");
    }

    @Test
    void metricsServiceAndServiceMonitorSelectTheOperatorPods() {
        RenderedManifests manifests = RenderedManifests.parse(Scenario.PRODUCTION.render());
        Deployment deployment = manifests.single(Deployment.class);
        Service service = manifests.single(Service.class);
        ServiceMonitor monitor = manifests.single(ServiceMonitor.class);

        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http-metrics");
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getMetadata().getLabels())
                .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPort()).isEqualTo("http-metrics");
            assertThat(e.getPath()).isEqualTo("/metrics");
        });
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    }

    @Test
    void leaderElectionPassesTheLeaseNamespaceAndIdentityFromTheDownwardApi() {
        Map<String, EnvVar> env = env(operator(deployment(Scenario.PRODUCTION)));

        assertThat(env.get("HPCENV_LEADER_ELECTION").getValue()).isEqualTo("true");
        assertThat(env.get("HPCENV_LEADER_LEASE_SECONDS").getValue()).isEqualTo("30");
        assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(deployment(Scenario.PRODUCTION).getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void withoutLeaderElectionTheOldPodStopsBeforeTheNewOneStarts() {
        Deployment deployment = deployment(Scenario.MINIMAL);

        assertThat(env(operator(deployment)).get("HPCENV_LEADER_ELECTION").getValue())
                .isEqualTo("false");
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void valuesReachTheOperatorsEnvironment() {
        Container container = operator(deployment(Scenario.PRODUCTION));
        Map<String, EnvVar> env = env(container);

        assertThat(container.getImage())
                .isEqualTo("registry.example.org/hpc/hpcenv-operator:0.1.0@sha256:"
                        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        assertThat(env.get("HPCENV_BATCH_WORKDIR").getValue()).isEqualTo("/scratch/hpcenv");
        assertThat(env.get("HPCENV_RECONCILE_THREADS").getValue()).isEqualTo("32");
        assertThat(env.get("HPCENV_HTTP_PORT").getValue()).isEqualTo("9090");
        assertThat(env.get("JAVA_TOOL_OPTIONS").getValue()).isEqualTo("-XX:MaxRAMPercentage=70 -Xss512k");
        assertThat(env.get("TZ").getValue()).isEqualTo("Europe/Zurich");
    }

    @Test
    void defaultImageIsTheChartsAppVersion() {
        assertThat(operator(deployment(Scenario.DEFAULTS)).getImage())
                .isEqualTo("ghcr.io/hpcenv/hpcenv-operator:0.1.0");
    }
}
