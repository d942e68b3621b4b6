package dev.hpcenv.kube.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.validation.ValidationCase;
import dev.hpcenv.kube.embedded.validation.ValidationCases;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real kubectl against the embedded API: what the CRDs' schemas and CEL rules refuse is refused
 * with the field named (as a cluster words it), and {@code kubectl explain} shows the schema's
 * descriptions.
 */
class KubectlSchemaTest {

    private static final ResourceDefinitionContext HPC_JOBS = new ResourceDefinitionContext.Builder()
            .withGroup("hpcenv.dev")
            .withVersion("v1alpha1")
            .withKind("HpcJob")
            .withPlural("hpcjobs")
            .withNamespaced(true)
            .build();
    private static final ResourceDefinitionContext SLURM_CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("hpcenv.dev")
            .withVersion("v1alpha1")
            .withKind("SlurmCluster")
            .withPlural("slurmclusters")
            .withNamespaced(false)
            .build();

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

    private Path manifest(String name, String yaml) throws IOException {
        return Files.writeString(home.resolve(name + ".yaml"), yaml);
    }

    private static String job(String name, String resources) {
        return """
                apiVersion: hpcenv.dev/v1alpha1
                kind: HpcJob
                metadata:
                  name: %s
                spec:
                  clusterRef: {name: daint}
                  environmentRef: {name: ngc}
                  command: [hostname]
                  resources: {%s}
                """.formatted(name, resources);
    }

    private GenericKubernetesResource storedJob(String name) {
        return client.genericKubernetesResources(HPC_JOBS)
                .inNamespace("default")
                .withName(name)
                .get();
    }

    /** The shared cases (ValidationCases) that give cpusPerTask a value the CRD refuses. */
    static List<ValidationCase> refusedCpusPerTask() {
        return ValidationCases.integerBounds().stream()
                .filter(c -> c.name().startsWith("HpcJob spec.resources.cpusPerTask = ") && !c.accepted())
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCpusPerTask")
    void applyRefusesANumberTheOperatorCouldNotUseAndNamesTheField(ValidationCase c) throws Exception {
        ObjectNode object = c.object().deepCopy();
        object.remove("status");
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        metadata.put("name", "big");
        metadata.remove("namespace");
        Path file = Files.writeString(home.resolve("big.json"), object.toString());

        Kubectl.Result result = kubectl.run("apply", "-f", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr())
                .contains("The HpcJob \"big\" is invalid:")
                .contains(c.field() + ": ")
                .contains(c.message());
        assertThat(storedJob("big")).isNull();
        assertThat(kubectl.ok("get", "hpcjobs")).doesNotContain("big");
    }

    @Test
    void aChangeThatBreaksTheSchemaLeavesTheStoredJobAsItWas() throws Exception {
        kubectl.ok("apply", "-f", manifest("ok", job("ok", "nodes: 2")).toString());

        Kubectl.Result patched = kubectl.run(
                "patch", "hpcjob", "ok", "--type=merge", "-p", "{\"spec\":{\"resources\":{\"nodes\":4294967296}}}");
        Kubectl.Result applied = kubectl.run(
                "apply", "-f", manifest("ok", job("ok", "nodes: 1000001")).toString());

        assertThat(patched.exitCode()).isNotZero();
        assertThat(patched.stderr()).contains("spec.resources.nodes: Invalid value: 4294967296");
        assertThat(applied.exitCode()).isNotZero();
        assertThat(applied.stderr())
                .contains("spec.resources.nodes: Invalid value: 1000001: spec.resources.nodes"
                        + " in body should be less than or equal to 1000000");
        assertThat(kubectl.ok("get", "hpcjob", "ok", "-o", "jsonpath={.spec.resources.nodes} {.metadata.generation}"))
                .isEqualTo("2 1");
    }

    @Test
    void aClusterWithASyncIntervalBeyondInt64IsRefusedAndNamed() throws Exception {
        Path file = manifest("slow", """
                apiVersion: hpcenv.dev/v1alpha1
                kind: SlurmCluster
                metadata:
                  name: slow
                spec:
                  url: http://127.0.0.1:6820
                  auth:
                    jwtKeySecretRef: {namespace: hpcenv-system, name: slurm-jwt, key: key}
                    jwtLifespanSeconds: 2147483648
                  syncIntervalSeconds: 99999999999999999999
                """);

        Kubectl.Result result = kubectl.run("apply", "-f", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr())
                .contains(
                        "The SlurmCluster \"slow\" is invalid:",
                        "spec.syncIntervalSeconds: Invalid value: \"float64\": spec.syncIntervalSeconds in body must be of"
                                + " type int32: \"float64\"",
                        "spec.auth.jwtLifespanSeconds: Invalid value: 2147483648: spec.auth.jwtLifespanSeconds in body should be"
                                + " less than or equal to 86400");
        assertThat(client.genericKubernetesResources(SLURM_CLUSTERS)
                        .withName("slow")
                        .get())
                .isNull();
    }

    @Test
    void aClusterMappingANamespaceToRootIsRefusedByTheCrdsCelRule() throws Exception {
        Path file = manifest("alps", """
                apiVersion: hpcenv.dev/v1alpha1
                kind: SlurmCluster
                metadata:
                  name: alps
                spec:
                  url: http://127.0.0.1:6820
                  auth:
                    tokenSecretRef: {namespace: hpcenv-system, name: slurm-token, key: token}
                  userMappings:
                  - {namespace: physics, user: alice}
                  - {namespace: ops, user: root}
                """);

        Kubectl.Result result = kubectl.run("apply", "-f", file.toString());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr())
                .contains("The SlurmCluster \"alps\" is invalid: spec.userMappings[1].user:"
                        + " Invalid value: \"root\": a namespace must not be mapped to root");
        assertThat(client.genericKubernetesResources(SLURM_CLUSTERS)
                        .withName("alps")
                        .get())
                .isNull();
        Files.writeString(file, Files.readString(file).replace("user: root", "user: operator"));
        assertThat(kubectl.ok("apply", "-f", file.toString())).contains("slurmcluster.hpcenv.dev/alps created");
    }

    @Test
    void explainShowsTheSchemaDescriptionsOfAKindAndItsFields() throws Exception {
        String spec = kubectl.ok("explain", "hpcjob.spec");
        String resources = kubectl.ok("explain", "hpcjob.spec.resources");
        String cpus = kubectl.ok("explain", "hpcjobs.spec.resources.cpusPerTask");
        String mappings = kubectl.ok("explain", "slurmcluster.spec.userMappings");
        String kind = kubectl.ok("explain", "hpcjob");

        assertThat(spec)
                .contains(
                        "KIND:       HpcJob",
                        "GROUP:      hpcenv.dev",
                        "VERSION:    v1alpha1",
                        "FIELD: spec <Object>",
                        "command\t<[]string> -required-",
                        "Program and arguments run in the container",
                        "clusterRef\t<Object> -required-",
                        "resources\t<Object>");
        assertThat(resources)
                .contains(
                        "FIELD: resources <Object>",
                        "cpusPerTask\t<integer>",
                        "CPUs for each task (sbatch --cpus-per-task). At most 65533",
                        "memory\t<string>",
                        "Memory on each node (sbatch --mem)");
        assertThat(cpus)
                .contains("FIELD: cpusPerTask <integer>", "CPUs for each task (sbatch --cpus-per-task). At most 65533");
        assertThat(mappings)
                .contains(
                        "Namespace to Slurm user mapping",
                        "user\t<string> -required-",
                        "Slurm (POSIX) user the jobs run as; never root.");
        assertThat(kind).contains("metadata\t<ObjectMeta>", "spec\t<Object>", "status\t<Object>");
    }
}
