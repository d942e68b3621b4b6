package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Job logs in the chart (docs/job-output.md; docs/admin-guide.md, "Job logs: who reads them"): the log
 * volume and the operator's settings, the ingest Service for the nodes, the aggregated API with its
 * generated certificate and APIService, the RBAC that lets users read logs and the operator check them,
 * and the one-writer rule.
 */
class LogsChartTest {

    private static final String FULLNAME = "hpcenv-operator";

    private static RenderedManifests render(Scenario scenario) {
        return RenderedManifests.parse(scenario.render());
    }

    private static Container operator(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(Deployment deployment) {
        return operator(deployment).getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static <T extends HasMetadata> T named(RenderedManifests manifests, Class<T> type, String name) {
        return manifests
                .named(type, name)
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    @Test
    void theDefaultsKeepLogsOnAVolumeMountedAtTheLogDirectory() {
        RenderedManifests manifests = render(Scenario.DEFAULTS);
        Deployment deployment = manifests.single(Deployment.class);
        PersistentVolumeClaim claim = named(manifests, PersistentVolumeClaim.class, FULLNAME + "-logs");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();

        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
                .isEqualTo("10Gi");
        assertThat(claim.getSpec().getStorageClassName())
                .as("the cluster's default class")
                .isNull();
        Volume logs = pod.getVolumes().stream()
                .filter(v -> v.getName().equals("logs"))
                .findFirst()
                .orElseThrow();
        assertThat(logs.getPersistentVolumeClaim().getClaimName()).isEqualTo(FULLNAME + "-logs");
        assertThat(operator(deployment).getVolumeMounts())
                .filteredOn(m -> m.getName().equals("logs"))
                .extracting(VolumeMount::getMountPath)
                .containsExactly("/var/lib/hpcenv/logs");
        assertThat(pod.getSecurityContext().getFsGroup())
                .as("the volume writable by uid 65532")
                .isEqualTo(65532L);
        assertThat(env(deployment))
                .containsEntry("HPCENV_LOG_DIR", "/var/lib/hpcenv/logs")
                .containsEntry("HPCENV_LOG_MAX_BYTES", "10Mi")
                .containsEntry("HPCENV_LOG_RETENTION", "7d")
                .containsEntry("HPCENV_LOG_INGEST_PORT", "8444")
                .containsEntry("HPCENV_LOG_API_PORT", "8443")
                .containsEntry("HPCENV_LOG_API_TLS_CERT", "/etc/hpcenv/log-api-tls/tls.crt")
                .containsEntry("HPCENV_LOG_API_TLS_KEY", "/etc/hpcenv/log-api-tls/tls.key")
                .doesNotContainKeys("HPCENV_LOG_TLS_CERT", "HPCENV_LOG_TLS_KEY");
    }

    @Test
    void oneWriterOfTheVolume_theOldPodStopsBeforeTheNewOneStarts() {
        Deployment deployment = render(Scenario.DEFAULTS).single(Deployment.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    }

    @Test
    void moreThanOneReplicaWithLogsIsRefusedInOneLine() {
        String refusal = ChartRenderer.forRepositoryChart().refusal(ChartRenderer.Values.set("replicaCount", 2));

        assertThat(refusal)
                .contains("logs.enabled needs replicaCount 1: one operator writes the job-log volume")
                .contains("logs.enabled=false");
    }

    @Test
    void severalReplicasRunWithLogsOff() {
        Deployment deployment = RenderedManifests.parse(ChartRenderer.forRepositoryChart()
                        .render(ChartRenderer.Values.set("replicaCount", 3).and("logs.enabled", false)))
                .single(Deployment.class);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getStrategy())
                .as("rolling, behind the Lease")
                .isNull();
        assertThat(env(deployment)).containsEntry("HPCENV_LOG_API_PORT", "-1").doesNotContainKey("HPCENV_LOG_DIR");
    }

    @Test
    void withLogsOffNothingOfThemIsRendered() {
        RenderedManifests manifests = render(Scenario.MINIMAL);

        assertThat(manifests.all())
                .extracting(HasMetadata::getKind)
                .doesNotContain("PersistentVolumeClaim", "APIService", "Service", "Secret");
        assertThat(operator(manifests.single(Deployment.class)).getPorts())
                .extracting(p -> p.getName())
                .containsExactly("http");
    }

    @Test
    void everyLogOptionReachesTheOperatorAndItsObjects() {
        RenderedManifests manifests = render(Scenario.LOGS);
        Deployment deployment = manifests.single(Deployment.class);
        PersistentVolumeClaim claim = named(manifests, PersistentVolumeClaim.class, FULLNAME + "-logs");
        Service ingest = named(manifests, Service.class, FULLNAME + "-log-ingest");
        Map<String, Volume> volumes = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, Function.identity()));

        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-rwo");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOncePod");
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
                .isEqualTo("50Gi");
        assertThat(env(deployment))
                .containsEntry("HPCENV_LOG_MAX_BYTES", "20Mi")
                .containsEntry("HPCENV_LOG_RETENTION", "36h")
                .containsEntry("HPCENV_LOG_INGEST_PORT", "9444")
                .containsEntry("HPCENV_LOG_API_PORT", "9443")
                .containsEntry("HPCENV_LOG_TLS_CERT", "/etc/hpcenv/log-ingest-tls/tls.crt")
                .containsEntry("HPCENV_LOG_TLS_KEY", "/etc/hpcenv/log-ingest-tls/tls.key");
        assertThat(volumes.get("log-ingest-tls").getSecret().getSecretName()).isEqualTo("hpcenv-log-ingest-tls");
        assertThat(operator(deployment).getVolumeMounts())
                .filteredOn(m -> m.getName().equals("log-ingest-tls"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/hpcenv/log-ingest-tls");
                    assertThat(m.getReadOnly()).isTrue();
                });
        assertThat(operator(deployment).getPorts())
                .extracting(p -> p.getName() + ":" + p.getContainerPort())
                .contains("log-api:9443", "log-ingest:9444");
        assertThat(ingest.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(ingest.getMetadata().getAnnotations())
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-internal", "true");
        assertThat(ingest.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(9444);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("log-ingest");
        });
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(ingest.getSpec().getSelector());
    }

    @Test
    void aNodePortIngestServiceKeepsItsPort() {
        Service ingest = named(
                RenderedManifests.parse(ChartRenderer.forRepositoryChart()
                        .render(ChartRenderer.Values.set("logs.ingest.service.type", "NodePort")
                                .and("logs.ingest.service.nodePort", 30444))),
                Service.class,
                FULLNAME + "-log-ingest");

        assertThat(ingest.getSpec().getType()).isEqualTo("NodePort");
        assertThat(ingest.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30444);
    }

    @Test
    void theApiServiceRegistersTheGroupWithTheCaOfTheServingCertificate() throws Exception {
        RenderedManifests manifests = render(Scenario.LOGS);
        APIService apiService = manifests.single(APIService.class);
        Service service = named(manifests, Service.class, FULLNAME + "-log-api");
        Secret tls = named(manifests, Secret.class, FULLNAME + "-log-api-tls");
        Deployment deployment = manifests.single(Deployment.class);

        assertThat(apiService.getMetadata().getName()).isEqualTo("v1alpha1.logs.hpcenv.dev");
        assertThat(apiService.getSpec().getGroup()).isEqualTo("logs.hpcenv.dev");
        assertThat(apiService.getSpec().getVersion()).isEqualTo("v1alpha1");
        assertThat(apiService.getSpec().getGroupPriorityMinimum()).isEqualTo(2000);
        assertThat(apiService.getSpec().getVersionPriority()).isEqualTo(20);
        assertThat(apiService.getSpec().getInsecureSkipTLSVerify()).isNotEqualTo(Boolean.TRUE);
        assertThat(apiService.getSpec().getService().getName()).isEqualTo(FULLNAME + "-log-api");
        assertThat(apiService.getSpec().getService().getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
        assertThat(apiService.getSpec().getService().getPort()).isEqualTo(443);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(443);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("log-api");
        });
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        // The serving certificate chains to the caBundle and names the Service as the aggregator dials it.
        assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(tls.getData().get("ca.crt")).isEqualTo(apiService.getSpec().getCaBundle());
        X509Certificate ca = certificate(apiService.getSpec().getCaBundle());
        X509Certificate serving = certificate(tls.getData().get("tls.crt"));
        serving.verify(ca.getPublicKey());
        assertThat(serving.getSubjectAlternativeNames())
                .extracting(n -> (Object) n.get(1))
                .contains(FULLNAME + "-log-api." + ChartRenderer.NAMESPACE + ".svc");
        assertThat(new String(Base64.getDecoder().decode(tls.getData().get("tls.key"))))
                .contains("PRIVATE KEY");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("log-api-tls"))
                .singleElement()
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo(FULLNAME + "-log-api-tls"));
    }

    @Test
    void usersReadLogsThroughTheAggregatedViewEditAndAdminRoles() {
        ClusterRole reader = named(render(Scenario.DEFAULTS), ClusterRole.class, FULLNAME + "-log-reader");

        assertThat(reader.getMetadata().getLabels())
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true")
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
        assertThat(reader.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("logs.hpcenv.dev");
            assertThat(rule.getResources()).containsExactly("hpcjobs/log");
            assertThat(rule.getVerbs()).containsExactly("get");
        });
    }

    @Test
    void theOperatorMayAskAccessReviewsAndReadTheFrontProxyConfiguration() {
        RenderedManifests manifests = render(Scenario.DEFAULTS);
        ClusterRoleBinding delegator = named(manifests, ClusterRoleBinding.class, FULLNAME + "-auth-delegator");
        RoleBinding reader = named(manifests, RoleBinding.class, FULLNAME + "-auth-reader");

        assertThat(delegator.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(delegator.getRoleRef().getName()).isEqualTo("system:auth-delegator");
        assertThat(delegator.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(FULLNAME);
            assertThat(s.getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
        });
        assertThat(reader.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(reader.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(reader.getRoleRef().getName()).isEqualTo("extension-apiserver-authentication-reader");
        assertThat(reader.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(FULLNAME);
            assertThat(s.getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
        });
    }

    @Test
    void badLogValuesAreRefusedByTheSchema() {
        ChartRenderer chart = ChartRenderer.forRepositoryChart();

        for (Map.Entry<String, Object> bad : List.of(
                Map.entry("logs.retention", (Object) "7 days"),
                Map.entry("logs.maxBytesPerJob", (Object) "10MB"),
                Map.entry("logs.storage.accessMode", (Object) "ReadOnlyMany"),
                Map.entry("logs.ingest.service.type", (Object) "ExternalName"),
                Map.entry("logs.api.port", (Object) 70000))) {
            assertThat(chart.refusal(ChartRenderer.Values.set(bad.getKey(), bad.getValue())))
                    .as(bad.getKey())
                    .contains(bad.getKey().substring(bad.getKey().lastIndexOf('.') + 1));
        }
    }

    private static X509Certificate certificate(String base64Pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(base64Pem)));
    }
}
