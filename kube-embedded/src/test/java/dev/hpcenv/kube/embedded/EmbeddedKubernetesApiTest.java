package dev.hpcenv.kube.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The embedded API through fabric8's client: the semantics the operator relies on. */
class EmbeddedKubernetesApiTest {

    private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
            .withGroup(TestCrds.GROUP)
            .withVersion("v1")
            .withKind("Widget")
            .withPlural("widgets")
            .withNamespaced(true)
            .build();

    private EmbeddedKubernetesApi api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = EmbeddedKubernetesApi.withCrds(TestCrds.all(), 0).start();
        client = TestClients.of(api);
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            widgets() {
        return client.genericKubernetesResources(WIDGETS).inNamespace("default");
    }

    private static GenericKubernetesResource widget(String name, List<String> command) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(TestCrds.GROUP + "/v1")
                .withKind("Widget")
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToAdditionalProperties("spec", Map.of("replicas", 1, "command", command))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    @Test
    void concurrentPatchesOfOneObjectAllLandAndWritesToOthersProceed() throws Exception {
        widgets().resource(widget("shared", List.of("echo"))).create();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String label = "l" + i;
                writes.add(threads.submit(() -> widgets()
                        .withName("shared")
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"labels\":{\"" + label + "\":\"x\"}}}")));
                writes.add(threads.submit(() -> widgets()
                        .resource(widget("own-" + label, List.of("echo")))
                        .create()));
            }
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        // A patch is a read-modify-write: without a per-object lock, concurrent ones fail with 409 or lose labels.
        assertThat(widgets().withName("shared").get().getMetadata().getLabels()).hasSize(40);
        assertThat(widgets().list().getItems()).hasSize(41);
    }

    @Test
    void createFillsServerSideMetadataWithRandomUids() {
        // When
        GenericKubernetesResource first =
                widgets().resource(widget("w1", List.of("a"))).create();
        GenericKubernetesResource second =
                widgets().resource(widget("w2", List.of("a"))).create();
        // Then
        assertThat(UUID.fromString(first.getMetadata().getUid()).version()).isEqualTo(4);
        assertThat(first.getMetadata().getUid())
                .isNotEqualTo(second.getMetadata().getUid());
        assertThat(first.getMetadata().getCreationTimestamp()).isNotBlank();
        assertThat(first.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(Long.parseLong(second.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(first.getMetadata().getResourceVersion()));
        assertThat(widgets().withName("w1").get().getMetadata().getUid())
                .isEqualTo(first.getMetadata().getUid());
    }

    @Test
    void generationCountsSpecChangesOnlyAndStatusIsASubresource() {
        // Given
        widgets().resource(widget("w1", List.of("a"))).create();
        // When: a status write, then a spec write that also tries to change status
        GenericKubernetesResource withStatus = widgets().withName("w1").get();
        withStatus.getAdditionalProperties().put("status", Map.of("phase", "Running"));
        widgets().resource(withStatus).updateStatus();
        GenericKubernetesResource afterStatus = widgets().withName("w1").get();
        afterStatus.getAdditionalProperties().put("spec", Map.of("replicas", 2));
        afterStatus.getAdditionalProperties().put("status", Map.of("phase", "Hacked"));
        widgets().resource(afterStatus).update();
        // Then
        GenericKubernetesResource stored = widgets().withName("w1").get();
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(spec(stored)).containsEntry("replicas", 2);
        assertThat(stored.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Running"));
    }

    @Test
    void statusPatchLeavesSpecAndGenerationAlone() {
        widgets().resource(widget("w1", List.of("a"))).create();

        widgets()
                .withName("w1")
                .subresource("status")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"phase\":\"Done\"},\"spec\":{\"replicas\":9}}");

        GenericKubernetesResource stored = widgets().withName("w1").get();
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(spec(stored)).containsEntry("replicas", 1);
        assertThat(stored.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Done"));
    }

    @Test
    void serverSideApplyOfStatusWorksAsJosdkUsesIt() {
        // Given
        widgets().resource(widget("w1", List.of("a"))).create();
        widgets()
                .withName("w1")
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Running\",\"slurmJobId\":7}}");
        GenericKubernetesResource applied = new GenericKubernetesResourceBuilder()
                .withApiVersion(TestCrds.GROUP + "/v1")
                .withKind("Widget")
                .withNewMetadata()
                .withName("w1")
                .withNamespace("default")
                .endMetadata()
                .addToAdditionalProperties("status", Map.of("phase", "Succeeded"))
                .build();
        // When
        widgets()
                .resource(applied)
                .subresource("status")
                .patch(new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager("hpcenv-operator")
                        .withForce(true)
                        .build());
        // Then
        GenericKubernetesResource stored = widgets().withName("w1").get();
        assertThat(stored.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Succeeded"));
        assertThat(spec(stored)).containsEntry("command", List.of("a"));
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void serverSideApplyCreatesAndThenUpdates() {
        widgets().resource(widget("w1", List.of("a"))).fieldManager("gitops").serverSideApply();
        widgets().resource(widget("w1", List.of("b"))).fieldManager("gitops").serverSideApply();

        GenericKubernetesResource stored = widgets().withName("w1").get();
        assertThat(spec(stored)).containsEntry("command", List.of("b"));
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void mergePatchReplacesArrays() {
        widgets().resource(widget("w1", List.of("echo", "hi"))).create();

        widgets()
                .withName("w1")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"command\":[\"echo\",\"changed\"]}}");

        assertThat(spec(widgets().withName("w1").get())).containsEntry("command", List.of("echo", "changed"));
    }

    @Test
    void patchWithAStaleResourceVersionConflicts() {
        GenericKubernetesResource created =
                widgets().resource(widget("w1", List.of("a"))).create();
        widgets().withName("w1").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":5}}");

        assertThatThrownBy(() -> widgets()
                        .withName("w1")
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"resourceVersion\":\""
                                        + created.getMetadata().getResourceVersion()
                                        + "\"},\"spec\":{\"replicas\":6}}"))
                .isInstanceOf(KubernetesClientException.class)
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
    }

    @Test
    void creatingAnExistingObjectIsAnAlreadyExistsConflict() {
        widgets().resource(widget("w1", List.of("a"))).create();

        assertThatThrownBy(() -> widgets().resource(widget("w1", List.of("b"))).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("widgets.test.hpcenv.dev \"w1\" already exists")
                .satisfies(e -> assertThat(
                                ((KubernetesClientException) e).getStatus().getReason())
                        .isEqualTo("AlreadyExists"));
    }

    @Test
    void generateNameAppendsFiveCharacters() {
        GenericKubernetesResource w = widget(null, List.of("a"));
        w.getMetadata().setGenerateName("job-");

        GenericKubernetesResource created = widgets().resource(w).create();

        assertThat(created.getMetadata().getName()).matches("job-[a-z0-9]{5}");
        assertThat(widgets().withName(created.getMetadata().getName()).get()).isNotNull();
    }

    @Test
    void dryRunWritesNothing() {
        widgets().resource(widget("w1", List.of("a"))).dryRun().create();
        widgets().resource(widget("w2", List.of("a"))).create();
        widgets().withName("w2").dryRun().patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":7}}");
        widgets().withName("w2").dryRun().delete();

        assertThat(widgets().withName("w1").get()).isNull();
        assertThat(spec(widgets().withName("w2").get())).containsEntry("replicas", 1);
    }

    @Test
    void aCrdCreatedAtRunTimeIsServedAtOnce() {
        // Given
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder(
                        Serialization.unmarshal(TestCrds.gadgets().toString(), CustomResourceDefinition.class))
                .editMetadata()
                .withName("sprockets.test.hpcenv.dev")
                .endMetadata()
                .editSpec()
                .editNames()
                .withKind("Sprocket")
                .withPlural("sprockets")
                .withSingular("sprocket")
                .endNames()
                .endSpec()
                .build();
        // When
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        // Then
        ResourceDefinitionContext sprockets = new ResourceDefinitionContext.Builder()
                .withGroup(TestCrds.GROUP)
                .withVersion("v1")
                .withKind("Sprocket")
                .withPlural("sprockets")
                .withNamespaced(false)
                .build();
        client.genericKubernetesResources(sprockets)
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion(TestCrds.GROUP + "/v1")
                        .withKind("Sprocket")
                        .withNewMetadata()
                        .withName("s1")
                        .endMetadata()
                        .build())
                .create();
        assertThat(client.genericKubernetesResources(sprockets).list().getItems())
                .hasSize(1);
        var stored = client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("sprockets.test.hpcenv.dev")
                .get();
        assertThat(stored.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Established");
            assertThat(c.getStatus()).isEqualTo("True");
        });
    }

    @Test
    void deleteWaitsForFinalizers() {
        // Given
        GenericKubernetesResource w = widget("w1", List.of("a"));
        w.getMetadata().setFinalizers(List.of("hpcenv.dev/slurm-job"));
        widgets().resource(w).create();
        // When
        widgets().withName("w1").delete();
        // Then
        GenericKubernetesResource marked = widgets().withName("w1").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();
        widgets().withName("w1").edit(r -> {
            r.getMetadata().setFinalizers(List.of());
            return r;
        });
        assertThat(widgets().withName("w1").get()).isNull();
    }

    // Both HTTP clients fabric8 may pick (JOSDK brings the JDK one), over WebSocket and HTTP watches.
    @ParameterizedTest
    @CsvSource({"vertx, false", "vertx, true", "jdk, false", "jdk, true"})
    void informersSeeAddsUpdatesAndDeletes(String httpClient, boolean onlyHttpWatches) throws Exception {
        // Given
        Config config = new ConfigBuilder(TestClients.config(api))
                .withOnlyHttpWatches(onlyHttpWatches)
                .build();
        HttpClient.Factory factory =
                httpClient.equals("jdk") ? new JdkHttpClientFactory() : new VertxHttpClientFactory();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (KubernetesClient watching = new KubernetesClientBuilder()
                        .withConfig(config)
                        .withHttpClientFactory(factory)
                        .build();
                SharedIndexInformer<GenericKubernetesResource> informer = watching.genericKubernetesResources(WIDGETS)
                        .inAnyNamespace()
                        .inform(new ResourceEventHandler<>() {
                            @Override
                            public void onAdd(GenericKubernetesResource obj) {
                                seen.add("add " + obj.getMetadata().getName());
                            }

                            @Override
                            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                                seen.add("update " + newObj.getMetadata().getName() + " gen "
                                        + newObj.getMetadata().getGeneration());
                            }

                            @Override
                            public void onDelete(GenericKubernetesResource obj, boolean unknownFinalState) {
                                seen.add("delete " + obj.getMetadata().getName());
                            }
                        })) {
            widgets().resource(widget("before", List.of("a"))).create();
            assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("add before");
            // When
            widgets().resource(widget("w1", List.of("a"))).create();
            widgets().withName("w1").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}");
            widgets().withName("w1").delete();
            // Then
            assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("add w1");
            assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("update w1 gen 2");
            assertThat(seen.poll(20, TimeUnit.SECONDS)).isEqualTo("delete w1");
            assertThat(informer.getStore().list())
                    .extracting(r -> r.getMetadata().getName())
                    .containsExactly("before");
        }
    }

    @Test
    void objectsNeedAnExistingNamespace() {
        assertThatThrownBy(() -> client.genericKubernetesResources(WIDGETS)
                        .inNamespace("nope")
                        .resource(widget("w1", List.of("a")))
                        .create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("namespaces \"nope\" not found")
                .satisfies(e ->
                        assertThat(((KubernetesClientException) e).getCode()).isEqualTo(404));
        assertThat(client.namespaces().withName("default").get().getStatus().getPhase())
                .isEqualTo("Active");
    }

    @Test
    void deletingANamespaceDeletesItsObjectsButFinalizersStillHold() {
        // Given
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("team-a")
                        .endMetadata()
                        .build())
                .create();
        Resource<GenericKubernetesResource> plain = client.genericKubernetesResources(WIDGETS)
                .inNamespace("team-a")
                .resource(widget("plain", List.of("a")));
        plain.create();
        GenericKubernetesResource guarded = widget("guarded", List.of("a"));
        guarded.getMetadata().setFinalizers(List.of("hpcenv.dev/slurm-job"));
        client.genericKubernetesResources(WIDGETS)
                .inNamespace("team-a")
                .resource(guarded)
                .create();
        client.secrets()
                .inNamespace("default")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("keep")
                        .endMetadata()
                        .build())
                .create();
        // When
        client.namespaces().withName("team-a").delete();
        // Then
        assertThat(client.namespaces().withName("team-a").get()).isNull();
        assertThat(plain.get()).isNull();
        GenericKubernetesResource left = client.genericKubernetesResources(WIDGETS)
                .inNamespace("team-a")
                .withName("guarded")
                .get();
        assertThat(left.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(client.secrets().inNamespace("default").withName("keep").get())
                .isNotNull();
    }

    @Test
    void eventsAreFoundByTheObjectTheyAreAbout() {
        for (String job : List.of("j1", "j2")) {
            client.v1()
                    .events()
                    .inNamespace("default")
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withName(job + ".1")
                            .endMetadata()
                            .withNewInvolvedObject()
                            .withKind("HpcJob")
                            .withName(job)
                            .withNamespace("default")
                            .endInvolvedObject()
                            .withReason("Submitted")
                            .withMessage("submitted " + job)
                            .withType("Normal")
                            .build())
                    .create();
        }

        client.events()
                .v1()
                .events()
                .inNamespace("default")
                .resource(new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                        .withNewMetadata()
                        .withName("other-api")
                        .endMetadata()
                        .withReason("R")
                        .withNote("n")
                        .withEventTime(new io.fabric8.kubernetes.api.model.MicroTime("2026-01-01T00:00:00.000000Z"))
                        .withReportingController("c")
                        .withReportingInstance("i")
                        .withAction("A")
                        .build())
                .create();

        var events = client.v1()
                .events()
                .inNamespace("default")
                .withField("involvedObject.name", "j2")
                .withField("involvedObject.kind", "HpcJob")
                .list()
                .getItems();

        assertThat(events).extracting(e -> e.getMessage()).containsExactly("submitted j2");
        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .hasSize(2);
    }

    @Test
    void secretsStoreStringDataAsData() {
        client.secrets()
                .inNamespace("default")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("jwt")
                        .endMetadata()
                        .addToStringData("key", "s3cr3t")
                        .build())
                .create();

        var stored = client.secrets().inNamespace("default").withName("jwt").get();

        assertThat(stored.getData()).containsEntry("key", "czNjcjN0");
        assertThat(stored.getStringData()).isNullOrEmpty();
    }

    @Test
    void leasesWorkForLeaderElection() {
        client.leases()
                .inNamespace("default")
                .resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName("hpcenv-operator")
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity("pod-a")
                        .endSpec()
                        .build())
                .create();

        client.leases()
                .inNamespace("default")
                .withName("hpcenv-operator")
                .edit(l -> new LeaseBuilder(l)
                        .editSpec()
                        .withHolderIdentity("pod-b")
                        .endSpec()
                        .build());

        assertThat(client.leases()
                        .inNamespace("default")
                        .withName("hpcenv-operator")
                        .get()
                        .getSpec()
                        .getHolderIdentity())
                .isEqualTo("pod-b");
    }

    @Test
    void writesAPrivateKubeconfigThatClientsCanUse(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("sub/kubeconfig");

        api.writeKubeconfig(kubeconfig);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
                .isEqualTo("rw-------");
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        assertThat(config.getMasterUrl()).startsWith("http://127.0.0.1:" + api.port());
        assertThat(config.getNamespace()).isEqualTo("default");
        try (KubernetesClient fromFile = new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build()) {
            assertThat(fromFile.namespaces().list().getItems())
                    .extracting(n -> n.getMetadata().getName())
                    .containsExactly("default", "kube-node-lease", "kube-public", "kube-system");
        }
        assertThat(dir.resolve("sub")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void refusesToStartTwiceAndToBeUsedAfterClose() {
        assertThatThrownBy(() -> api.start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
        api.close();
        assertThatThrownBy(() -> api.url())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call start() first");
    }
}
