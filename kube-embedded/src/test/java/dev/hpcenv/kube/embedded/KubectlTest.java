package dev.hpcenv.kube.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real kubectl against the embedded API with the project's CRDs: the commands the operator
 * issue asks for (apply, get with printer columns, describe, delete, wait) on HpcJobs, Secrets
 * and Namespaces.
 */
class KubectlTest {

    private static final ResourceDefinitionContext HPC_JOBS = new ResourceDefinitionContext.Builder()
            .withGroup("hpcenv.dev")
            .withVersion("v1alpha1")
            .withKind("HpcJob")
            .withPlural("hpcjobs")
            .withNamespaced(true)
            .build();
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private KubectlSession session;
    private EmbeddedKubernetesApi api;
    private KubernetesClient client;
    private Kubectl kubectl;

    @BeforeEach
    void start() throws IOException {
        session = KubectlSession.start(home);
        api = session.api();
        client = session.client();
        kubectl = session.kubectl();
    }

    @AfterEach
    void stop() {
        session.close();
    }

    private Path fixture(String name) throws IOException {
        Path target = home.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/embedded/KubectlTest/" + name)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private Resource<GenericKubernetesResource> job(String name) {
        return client.genericKubernetesResources(HPC_JOBS)
                .inNamespace("default")
                .withName(name);
    }

    /** What the operator does: patch the status subresource. */
    private void patchStatus(String name, String statusJson) {
        job(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":" + statusJson + "}");
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void discoversTheProjectKindsByNameShortNameAndCategory() throws Exception {
        String resources = kubectl.ok("api-resources", "--api-group=hpcenv.dev");

        assertThat(resources).containsPattern("hpcjobs\\s+hpcjob\\s+hpcenv.dev/v1alpha1\\s+true\\s+HpcJob");
        assertThat(resources).containsPattern("slurmclusters\\s+\\S+\\s+hpcenv.dev/v1alpha1\\s+false\\s+SlurmCluster");
        assertThat(resources).contains("hpcenvironments", "clusterhpcenvironments");
        kubectl.ok("apply", "-f", fixture("hpcjob.yaml").toString());
        assertThat(kubectl.ok("get", "hpc")).contains("hpcjob.hpcenv.dev/hello");
    }

    @Test
    void getShowsTheCrdPrinterColumns() throws Exception {
        // Given
        kubectl.ok("apply", "-f", fixture("hpcjob.yaml").toString());
        patchStatus(
                "hello",
                "{\"phase\":\"Running\",\"cluster\":\"daint\",\"slurmJobId\":4242,\"nodes\":[\"nid001\",\"nid002\"]}");
        // When
        String table = kubectl.ok("get", "hpcjob");
        String wide = kubectl.ok("get", "hpcjobs.hpcenv.dev", "-o", "wide");
        // Then
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0).split("\\s+"))
                .as("the order the model declares, not the generator's")
                .containsExactly("NAME", "PHASE", "JOBID", "EXIT", "PROGRESS", "AGE");
        assertThat(lines.get(1)).containsPattern("^hello\\s").contains("Running", "4242");
        assertThat(wide).contains("NODES", "nid001,nid002", "daint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--validate=true", "--validate=false"})
    void reapplyingAChangedJobReplacesItsCommand(String validate) throws Exception {
        // Given
        Path manifest = fixture("hpcjob.yaml");
        kubectl.ok("apply", validate, "-f", manifest.toString());
        Files.writeString(manifest, Files.readString(manifest).replace("[echo, hi]", "[echo, changed]"));
        // When
        String output = kubectl.ok("apply", validate, "-f", manifest.toString());
        // Then
        assertThat(output).contains("hpcjob.hpcenv.dev/hello configured");
        assertThat(kubectl.ok("get", "hpcjob", "hello", "-o", "jsonpath={.spec.command} {.metadata.generation}"))
                .isEqualTo("[\"echo\",\"changed\"] 2");
        assertThat(kubectl.ok("apply", validate, "-f", manifest.toString())).contains("unchanged");
    }

    @Test
    void describeShowsTheJobsEvents() throws Exception {
        // Given
        kubectl.ok("apply", "-f", fixture("hpcjob.yaml").toString());
        String uid = job("hello").get().getMetadata().getUid();
        client.v1()
                .events()
                .inNamespace("default")
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName("hello.1")
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion("hpcenv.dev/v1alpha1")
                        .withKind("HpcJob")
                        .withName("hello")
                        .withNamespace("default")
                        .withUid(uid)
                        .endInvolvedObject()
                        .withType("Normal")
                        .withReason("Submitted")
                        .withMessage("Slurm job 4242 submitted")
                        .withNewSource()
                        .withComponent("hpcenv-operator")
                        .endSource()
                        .withLastTimestamp(Instant.now().toString())
                        .withCount(1)
                        .build())
                .create();
        // When
        String description = kubectl.ok("describe", "hpcjob", "hello");
        // Then
        assertThat(description).contains("Name:         hello", "Command:");
        assertThat(description)
                .containsPattern("Normal\\s+Submitted\\s+\\S+\\s+hpcenv-operator\\s+Slurm job 4242 submitted");
        assertThat(kubectl.ok("get", "events")).contains("hpcjob/hello", "Slurm job 4242 submitted");
    }

    @Test
    void waitReturnsWhenTheOperatorSetsTheCondition() throws Exception {
        // Given
        kubectl.ok("apply", "-f", fixture("hpcjob.yaml").toString());
        patchStatus("hello", "{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}");
        Kubectl.Running wait = kubectl.start("wait", "--for=condition=Ready", "hpcjob/hello", "--timeout=60s");
        awaitTrue("kubectl wait to watch", () -> api.openWatches() > 0 || !wait.isAlive());
        // When
        patchStatus("hello", "{\"phase\":\"Succeeded\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}");
        // Then
        Kubectl.Result result = wait.await(DEADLINE);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("hpcjob.hpcenv.dev/hello condition met");
    }

    @Test
    void deleteWaitsUntilTheOperatorRemovesItsFinalizer() throws Exception {
        // Given
        kubectl.ok("apply", "-f", fixture("hpcjob.yaml").toString());
        job("hello")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"finalizers\":[\"hpcenv.dev/slurm-job\"]}}");
        // When
        Kubectl.Running delete = kubectl.start("delete", "hpcjob", "hello", "--timeout=60s");
        awaitTrue("the deletion mark", () -> job("hello").get().getMetadata().getDeletionTimestamp() != null);
        awaitTrue("kubectl delete to watch", () -> api.openWatches() > 0 || !delete.isAlive());
        // Then
        assertThat(delete.isAlive())
                .as("kubectl delete waits for the finalizer")
                .isTrue();
        job("hello").patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        Kubectl.Result result = delete.await(DEADLINE);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(job("hello").get()).isNull();
        Kubectl.Result missing = kubectl.run("get", "hpcjob", "hello");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("Error from server (NotFound): hpcjobs.hpcenv.dev \"hello\" not found");
    }

    @Test
    void appliesNamespacesAndSecretsWithStrategicMergePatches() throws Exception {
        // Given
        Path manifest = fixture("team-secret.yaml");
        kubectl.ok("apply", "-f", manifest.toString());
        Files.writeString(
                manifest,
                Files.readString(manifest)
                        .replace("key: first", "key: second")
                        .replace("    tier: batch\n", "")
                        .replace("app: hpcenv", "app: hpcenv-2"));
        // When
        String output = kubectl.ok("apply", "-f", manifest.toString());
        // Then
        assertThat(output).contains("namespace/team-a unchanged", "secret/slurm-jwt configured");
        var secret =
                client.secrets().inNamespace("team-a").withName("slurm-jwt").get();
        assertThat(secret.getData()).containsEntry("key", Base64.getEncoder().encodeToString("second".getBytes()));
        assertThat(secret.getMetadata().getLabels()).containsOnly(java.util.Map.entry("app", "hpcenv-2"));
        assertThat(kubectl.ok("get", "secrets", "-n", "team-a", "-l", "app=hpcenv-2"))
                .containsPattern("slurm-jwt\\s+Opaque\\s+2\\s");
        assertThat(kubectl.ok("get", "namespace", "team-a")).containsPattern("team-a\\s+Active");
        kubectl.ok("delete", "namespace", "team-a", "--timeout=60s");
        assertThat(client.namespaces().withName("team-a").get()).isNull();
        assertThat(client.secrets().inNamespace("team-a").withName("slurm-jwt").get())
                .isNull();
    }

    @Test
    void createsSecretsAndNamespacesWithKubectlCreate() throws Exception {
        // kubectl create sends these as protobuf, not JSON
        kubectl.ok("create", "namespace", "team-b");
        kubectl.ok("create", "secret", "generic", "slurm-jwt", "-n", "team-b", "--from-literal=key=s3cr3t");

        var secret =
                client.secrets().inNamespace("team-b").withName("slurm-jwt").get();
        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getData()).containsEntry("key", Base64.getEncoder().encodeToString("s3cr3t".getBytes()));
        Kubectl.Result again =
                kubectl.run("create", "secret", "generic", "slurm-jwt", "-n", "team-b", "--from-literal=key=x");
        assertThat(again.stderr()).contains("secrets \"slurm-jwt\" already exists");
    }

    @Test
    void refusesMistakesAsAClusterWould() throws Exception {
        // When
        Kubectl.Result strict =
                kubectl.run("apply", "-f", fixture("hpcjob-typo.yaml").toString());
        Kubectl.Result lenient = kubectl.run(
                "apply", "--validate=false", "-f", fixture("hpcjob-typo.yaml").toString());
        // Then
        assertThat(strict.exitCode()).isNotZero();
        assertThat(strict.stderr()).contains("strict decoding error: unknown field \"spec.comand\"");
        assertThat(lenient.exitCode()).isNotZero();
        assertThat(lenient.stderr())
                .contains("The HpcJob \"typo\" is invalid:", "* spec.command: Required value")
                .contains("* <nil>: Invalid value: null: some validation rules were not checked");
        assertThat(job("typo").get()).isNull();
    }

    @Test
    void appliesServerSide() throws Exception {
        // Given
        Path manifest = fixture("hpcjob.yaml");
        kubectl.ok("apply", "--server-side", "-f", manifest.toString());
        Files.writeString(manifest, Files.readString(manifest).replace("[echo, hi]", "[echo, changed]"));
        // When
        String output = kubectl.ok("apply", "--server-side", "-f", manifest.toString());
        // Then
        assertThat(output).contains("hpcjob.hpcenv.dev/hello serverside-applied");
        assertThat(kubectl.ok("get", "hpcjob", "hello", "-o", "jsonpath={.spec.command} {.metadata.generation}"))
                .isEqualTo("[\"echo\",\"changed\"] 2");
    }

    @Test
    void refusesObjectsInMissingNamespaces() throws Exception {
        Kubectl.Result noNamespace =
                kubectl.run("apply", "-n", "nope", "-f", fixture("hpcjob.yaml").toString());

        assertThat(noNamespace.exitCode()).isNotZero();
        assertThat(noNamespace.stderr()).contains("namespaces \"nope\" not found");
    }
}
