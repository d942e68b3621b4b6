package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import dev.hpcenv.kube.local.CrdInstaller;
import dev.hpcenv.kube.local.LocalKubeApi;
import dev.hpcenv.kube.local.NamespaceSweeper;
import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.testing.ProjectApi;
import io.fabric8.kubernetes.api.model.APIService;
import io.fabric8.kubernetes.api.model.APIServiceBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The log API behind the real kube-apiserver of dev/kube-local.sh: an APIService, a Service and its
 * endpoints on the aggregation address send logs.hpcenv.dev to a LogApiServer of this JVM, which runs
 * as a ServiceAccount holding the chart's bindings (auth-delegator, the front-proxy ConfigMap reader).
 * Users are impersonated through the admin and hold the rules of the chart's log-reader ClusterRole, as
 * `helm template` renders it: the API server checks `get hpcjobs/log`, the operator's
 * SubjectAccessReview checks `get hpcjobs`, and only a user with both reads.
 */
@Tag("real-kube")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogApiRealApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_SERVICE = "v1alpha1.logs.hpcenv.dev";
    private static final Duration AVAILABLE = Duration.ofSeconds(90);

    private final String run = "logapi-" + UUID.randomUUID().toString().substring(0, 8);
    private final String release = "hpcenv-" + run;
    private final String operatorNamespace = run + "-op";
    private final String team = run + "-team";
    private final String other = run + "-other";
    private final List<HasMetadata> clusterScoped = new ArrayList<>();
    private LocalKubeApi api;
    private KubernetesClient admin;
    private KubernetesClient asOperator;
    private FakeLogReader reader;
    private LogApiServer server;
    private String logReaderRole;

    @BeforeAll
    void start() throws Exception {
        api = LocalKubeApi.shared();
        String address = api.aggregationAddress();
        admin = new KubernetesClientBuilder()
                .withConfig(api.adminConfig())
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build();
        CrdInstaller.apply(admin, ProjectApi.crdResources());
        for (String namespace : List.of(operatorNamespace, team, other)) {
            admin.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(namespace)
                            .endMetadata()
                            .build())
                    .create();
        }
        String serviceAccount = release + "-operator";
        admin.serviceAccounts()
                .inNamespace(operatorNamespace)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName(serviceAccount)
                        .endMetadata()
                        .build())
                .create();
        applyTheChartsLogRbac();
        asOperator = api.clientAsServiceAccount(operatorNamespace, serviceAccount);
        reader = new FakeLogReader(Map.of(team + "/train", "epoch 1 loss 0.9\nepoch 2 loss 0.7\n"));
        server = LogApiServer.start(
                new LogApiSettings(0, InetAddress.getByName(address), Optional.empty()),
                List.of("log-api." + operatorNamespace + ".svc"),
                asOperator,
                reader,
                LogApiRealApiIT::followOnly,
                Clock.systemUTC());
        registerTheApi(address, server.port());
        grantUsers();
        awaitAvailable();
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.resource(new APIServiceBuilder()
                            .withNewMetadata()
                            .withName(API_SERVICE)
                            .endMetadata()
                            .build())
                    .delete();
            clusterScoped.forEach(o -> admin.resource(o).delete());
            admin.rbac()
                    .roleBindings()
                    .inNamespace("kube-system")
                    .withName(release + "-operator-auth-reader")
                    .delete();
            for (String namespace : List.of(operatorNamespace, team, other)) {
                NamespaceSweeper.delete(admin, namespace);
            }
        }
        if (server != null) {
            server.close();
        }
        if (asOperator != null) {
            asOperator.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void aUserWhoMayGetTheHpcJobReadsItsLogThroughTheApiServer() throws Exception {
        // When
        HttpResponse<String> response = getAs("alice", logPath(team, "train"));
        // Then
        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("epoch 1 loss 0.9\nepoch 2 loss 0.7\n");
        assertThat(response.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void aFollowReachesTheUserLineByLineThroughTheAggregator() throws Exception {
        // Given
        HttpClient http = clientAs("alice").getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(api.url() + logPath(team, "train") + "?follow=true")
                .build();
        // When
        HttpResponse<InputStream> response =
                http.sendAsync(request, InputStream.class).get(30, TimeUnit.SECONDS);
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // Then: each line arrives before the store writes the next
            assertThat(response.code()).isEqualTo(200);
            assertThat(lines.readLine()).isEqualTo("epoch 1 loss 0.9");
            assertThat(lines.readLine()).isEqualTo("epoch 2 loss 0.7");
            reader.feed("epoch 3 loss 0.5\n");
            assertThat(lines.readLine()).isEqualTo("epoch 3 loss 0.5");
            reader.end();
            assertThat(lines.readLine())
                    .as("the end of the log ends the response")
                    .isNull();
        }
    }

    @Test
    void aUserWithTheLogRuleButNotTheHpcJobIsRefusedByTheOperatorsReview() throws Exception {
        // When
        HttpResponse<String> response = getAs("bob", logPath(team, "train"));
        // Then
        assertThat(response.code()).as(response.body()).isEqualTo(403);
        assertThat(status(response).get("message").asText())
                .contains("user \"bob\" cannot get resource \"hpcjobs\" in API group \"hpcenv.dev\"")
                .contains("reading a job's log needs the right to get the HpcJob itself");
    }

    @Test
    void aUserOfAnotherNamespaceIsRefusedByTheApiServer() throws Exception {
        // When
        HttpResponse<String> response = getAs("carol", logPath(team, "train"));
        // Then: RBAC refuses before the request reaches the operator
        assertThat(response.code()).as(response.body()).isEqualTo(403);
        assertThat(status(response).get("message").asText())
                .contains("User \"carol\" cannot get resource \"hpcjobs/log\" in API group \"logs.hpcenv.dev\"");
        assertThat(getAs("carol", logPath(other, "train")).code())
                .as("carol's own namespace: authorised, and the job has no log there")
                .isEqualTo(404);
    }

    @Test
    void kubectlDiscoveryListsTheLogSubresource() throws Exception {
        // When
        HttpResponse<String> response = getAs("carol", "/apis/logs.hpcenv.dev/v1alpha1");
        // Then
        assertThat(response.code()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/resources/0/name").asText())
                .isEqualTo("hpcjobs/log");
    }

    /** The chart's ClusterRole and bindings for the log API, rendered for this run's release and namespace. */
    private void applyTheChartsLogRbac() {
        String rendered = new Helm(chart())
                .template()
                .withName(release)
                .withNamespace(operatorNamespace)
                .withKubeVersion(api.kubeVersion())
                .skipCrds()
                .call();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            if (!document.lines().anyMatch(l -> l.startsWith("kind:"))) {
                continue;
            }
            GenericKubernetesResource object = Serialization.unmarshal(document, GenericKubernetesResource.class);
            String name = object.getMetadata().getName();
            if (object.getKind().equals("ClusterRole") && name.endsWith("-log-reader")) {
                ClusterRole role = Serialization.unmarshal(document, ClusterRole.class);
                logReaderRole = name;
                clusterScoped.add(admin.resource(role).create());
            } else if (object.getKind().equals("ClusterRoleBinding") && name.endsWith("-auth-delegator")) {
                clusterScoped.add(admin.resource(Serialization.unmarshal(document, ClusterRoleBinding.class))
                        .create());
            } else if (object.getKind().equals("RoleBinding") && name.endsWith("-auth-reader")) {
                admin.resource(Serialization.unmarshal(document, RoleBinding.class))
                        .create();
            }
        }
        assertThat(logReaderRole)
                .as("the chart renders the log-reader ClusterRole")
                .isNotNull();
    }

    /**
     * alice: the chart's log reader and `get hpcjobs` in the team's namespace; bob: the log reader only;
     * carol: both, in another namespace.
     */
    private void grantUsers() {
        admin.rbac()
                .roles()
                .inNamespace(team)
                .resource(new RoleBuilder()
                        .withNewMetadata()
                        .withName("hpcjob-reader")
                        .endMetadata()
                        .addNewRule()
                        .withApiGroups("hpcenv.dev")
                        .withResources("hpcjobs")
                        .withVerbs("get")
                        .endRule()
                        .build())
                .create();
        admin.rbac()
                .roles()
                .inNamespace(other)
                .resource(admin.rbac()
                        .roles()
                        .inNamespace(team)
                        .withName("hpcjob-reader")
                        .get()
                        .edit()
                        .editMetadata()
                        .withNamespace(other)
                        .withResourceVersion(null)
                        .withUid(null)
                        .withCreationTimestamp(null)
                        .withManagedFields(List.of())
                        .endMetadata()
                        .build())
                .create();
        bind(team, "ClusterRole", logReaderRole, "alice", "bob");
        bind(team, "Role", "hpcjob-reader", "alice");
        bind(other, "ClusterRole", logReaderRole, "carol");
        bind(other, "Role", "hpcjob-reader", "carol");
    }

    private void bind(String namespace, String kind, String role, String... users) {
        RoleBindingBuilder binding = new RoleBindingBuilder()
                .withNewMetadata()
                .withName(role + "-" + String.join("-", users))
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind(kind)
                .withName(role)
                .endRoleRef();
        for (String user : users) {
            binding.addNewSubject()
                    .withApiGroup("rbac.authorization.k8s.io")
                    .withKind("User")
                    .withName(user)
                    .endSubject();
        }
        admin.rbac()
                .roleBindings()
                .inNamespace(namespace)
                .resource(binding.build())
                .create();
    }

    /** Service log-api, its endpoints on the aggregation address, and the APIService with its caBundle. */
    private void registerTheApi(String address, int port) {
        admin.services()
                .inNamespace(operatorNamespace)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("log-api")
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withName("https")
                        .withPort(443)
                        .withNewTargetPort(port)
                        .withProtocol("TCP")
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        // No controller manager runs: the endpoints are written as its controllers would.
        admin.endpoints()
                .inNamespace(operatorNamespace)
                .resource(new EndpointsBuilder()
                        .withNewMetadata()
                        .withName("log-api")
                        .endMetadata()
                        .addNewSubset()
                        .addNewAddress()
                        .withIp(address)
                        .endAddress()
                        .addNewPort()
                        .withName("https")
                        .withPort(port)
                        .withProtocol("TCP")
                        .endPort()
                        .endSubset()
                        .build())
                .create();
        admin.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(operatorNamespace)
                .resource(new EndpointSliceBuilder()
                        .withNewMetadata()
                        .withName("log-api-1")
                        .addToLabels("kubernetes.io/service-name", "log-api")
                        .endMetadata()
                        .withAddressType("IPv4")
                        .addNewEndpoint()
                        .withAddresses(address)
                        .withNewConditions()
                        .withReady(true)
                        .endConditions()
                        .endEndpoint()
                        .addNewPort()
                        .withName("https")
                        .withPort(port)
                        .withProtocol("TCP")
                        .endPort()
                        .build())
                .create();
        admin.resource(new APIServiceBuilder()
                        .withNewMetadata()
                        .withName(API_SERVICE)
                        .endMetadata()
                        .withNewSpec()
                        .withGroup("logs.hpcenv.dev")
                        .withVersion("v1alpha1")
                        .withGroupPriorityMinimum(1000)
                        .withVersionPriority(15)
                        .withCaBundle(Base64.getEncoder()
                                .encodeToString(server.certificatePem().getBytes(StandardCharsets.US_ASCII)))
                        .withNewService()
                        .withNamespace(operatorNamespace)
                        .withName("log-api")
                        .withPort(443)
                        .endService()
                        .endSpec()
                        .build())
                .createOr(existing -> existing.update());
    }

    private void awaitAvailable() throws InterruptedException {
        Instant deadline = Instant.now().plus(AVAILABLE);
        while (true) {
            APIService current =
                    admin.resources(APIService.class).withName(API_SERVICE).get();
            boolean available = current != null
                    && current.getStatus() != null
                    && current.getStatus().getConditions() != null
                    && current.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Available")
                                    && c.getStatus().equals("True"));
            if (available) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("APIService " + API_SERVICE + " not Available after " + AVAILABLE + ": "
                        + (current == null ? "gone" : current.getStatus()) + "\n" + api.apiServerLogTail(40));
            }
            Thread.sleep(200);
        }
    }

    private KubernetesClient clientAs(String user) {
        return new KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(api.adminConfig())
                        .withImpersonateUsername(user)
                        .withImpersonateGroups("system:authenticated")
                        .withRequestTimeout(0)
                        .build())
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build();
    }

    private HttpResponse<String> getAs(String user, String path) throws Exception {
        try (KubernetesClient client = clientAs(user)) {
            HttpClient http = client.getHttpClient();
            return http.sendAsync(
                            http.newHttpRequestBuilder().uri(api.url() + path).build(), String.class)
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static JsonNode status(HttpResponse<String> response) throws Exception {
        JsonNode status = JSON.readTree(response.body());
        assertThat(status.get("kind").asText()).isEqualTo("Status");
        return status;
    }

    private static String logPath(String namespace, String name) {
        return "/apis/logs.hpcenv.dev/v1alpha1/namespaces/" + namespace + "/hpcjobs/" + name + "/log";
    }

    private static Path chart() {
        return Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize()
                .resolve("charts/hpcenv");
    }

    /** The store's parser stands in (it is another part's): follow only. */
    static LogQuery followOnly(Map<String, List<String>> parameters) {
        boolean follow = parameters.getOrDefault("follow", List.of()).contains("true");
        return new LogQuery(
                follow,
                OptionalInt.empty(),
                Optional.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                false,
                false,
                false);
    }
}
