package dev.hpcenv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hpcenv.kube.embedded.ClasspathCrds;
import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.kube.local.LocalKubeApi;
import dev.hpcenv.kube.local.NamespaceSweeper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl commands the documentation shows (README, docs/user-guide.md, examples/&#42;/README.md),
 * against a real kube-apiserver with the admin kubeconfig, and the same against the embedded API:
 * {@code apply -f} of every example folder, {@code get} with the printer columns the CRDs declare,
 * {@code explain} of the documented fields, {@code wait --for=condition} and {@code --for=jsonpath} on
 * objects whose status the test writes as the operator would (no operator runs here), {@code patch}
 * of spec.suspend, {@code describe}, {@code apply -k --dry-run=server} of the GitOps folder.
 */
@Tag("real-kube")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlRealApiIT {

    private static final YAMLMapper YAML = new YAMLMapper();
    /** The example folders with manifests, applied each into a namespace of its own. */
    private static final List<String> FOLDERS = List.of(
            "demo",
            "containerfile-variant",
            "fourcastnet",
            "mpi-pmix",
            "pytorch-dev",
            "site-defaults",
            "site-layers",
            "layered-pipeline",
            "gitops");

    private final String run = "k" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, RunScopedManifests> scoped = new LinkedHashMap<>();
    private LocalKubeApi local;
    private EmbeddedKubernetesApi embeddedApi;
    private KubectlCli real;
    private KubectlCli embedded;

    private Path tmp;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        local = LocalKubeApi.shared();
        real = new KubectlCli("real kube-apiserver", local.adminKubeconfig(), tmp.resolve("real"));
        // The CRDs as committed (crds/manifests, what the chart carries), applied as the docs install them.
        real.ok(
                "apply",
                "--server-side",
                "--force-conflicts",
                "--field-manager=hpcenv-tests",
                "-f",
                RepositoryPaths.root().resolve("crds/manifests").toString());
        real.ok(
                "wait",
                "--for=condition=Established",
                "--timeout=60s",
                "crd/hpcjobs.hpcenv.dev",
                "crd/hpcenvironments.hpcenv.dev",
                "crd/clusterhpcenvironments.hpcenv.dev",
                "crd/slurmclusters.hpcenv.dev");
        embeddedApi = EmbeddedKubernetesApi.withCrds(ClasspathCrds.ofGroup("hpcenv.dev"), 0)
                .start();
        Path embeddedConfig = tmp.resolve("embedded.kubeconfig");
        embeddedApi.writeKubeconfig(embeddedConfig);
        embedded = new KubectlCli("embedded API", embeddedConfig, tmp.resolve("embedded"));
        for (String folder : FOLDERS) {
            String slug = folder.replace('/', '-');
            scoped.put(folder, new RunScopedManifests(run, namespace(folder), run + "-" + slug));
            for (KubectlCli kubectl : sides()) {
                kubectl.ok("create", "namespace", namespace(folder));
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (real != null) {
            // Cluster-scoped objects carry the run's label; the namespaces hold the rest.
            real.run("delete", "clusterhpcenvironments,slurmclusters", "-l", RunScopedManifests.RUN_LABEL + "=" + run);
            // Without a namespace controller the applied custom resources would stay for later tests to see.
            try (KubernetesClient admin = LocalKubeApi.shared().adminClient()) {
                for (String folder : FOLDERS) {
                    NamespaceSweeper.delete(admin, namespace(folder))
                            .forEach(f -> System.err.println("KubectlRealApiIT: cannot delete " + f));
                }
            }
        }
        if (embeddedApi != null) {
            embeddedApi.close();
        }
    }

    @Test
    void everyExampleFolderAppliesAndGetShowsTheCrdsPrinterColumnsOnBothServers() throws Exception {
        for (String folder : FOLDERS) {
            for (KubectlCli kubectl : sides()) {
                Path copy = tmp.resolve(kubectl == real ? "real-manifests" : "embedded-manifests")
                        .resolve(folder);
                int manifests =
                        scoped.get(folder).copy(ExampleFiles.examplesDir().resolve(folder), copy);
                // examples/README.md: apply a folder with -f; gitops/ is a kustomization, applied with -k.
                String how = Files.exists(copy.resolve("kustomization.yaml")) ? "-k" : "-f";
                String out = kubectl.ok("apply", how, copy.toString());
                assertThat(out.lines().filter(l -> l.endsWith(" created")))
                        .as(
                                "%s: kubectl apply %s examples/%s/ creates each manifest:%n%s",
                                kubectl.server(), how, folder, out)
                        .hasSize(manifests);
            }
        }
        // kubectl get, plain and -o wide, in a namespace that has HpcJobs and HpcEnvironments.
        String ns = namespace("demo");
        RunScopedManifests demo = scoped.get("demo");
        List<List<String>> gets = List.of(
                List.of("-n", ns, "get", "hpcjobs"),
                List.of("-n", ns, "get", "hpcjobs", "-o", "wide"),
                List.of("-n", ns, "get", "hpcenv", "demo-busybox"),
                List.of("-n", ns, "get", "hpcenv", "demo-busybox", "-o", "wide"),
                List.of("get", "chpcenv", demo.clusterScoped("demo-site")),
                List.of("get", "chpcenv", demo.clusterScoped("demo-site"), "-o", "wide"),
                List.of("get", "slurm", demo.clusterScoped("demo")),
                List.of("get", "slurm", demo.clusterScoped("demo"), "-o", "wide"));
        for (List<String> get : gets) {
            String resource = get.get(get.indexOf("get") + 1);
            boolean wide = get.contains("wide");
            List<String> expected = expectedHeader(resource, wide);
            String onReal = real.ok(get.toArray(String[]::new));
            String onEmbedded = embedded.ok(get.toArray(String[]::new));
            assertThat(header(onReal))
                    .as("kubectl %s on the real server: the CRD's printer columns%n%s", String.join(" ", get), onReal)
                    .isEqualTo(expected);
            assertThat(withoutAge(onEmbedded))
                    .as("kubectl %s: the embedded API prints what the real server prints", String.join(" ", get))
                    .isEqualTo(withoutAge(onReal));
        }
    }

    @Test
    void explainShowsTheDocumentedFieldsAsTheCrdDescribesThem() throws Exception {
        JsonNode spec = crdSchema("hpcjobs").path("properties").path("spec");
        // crds/README.md: `kubectl explain hpcjob.spec.resources` shows the same text as the CRD.
        for (String path : List.of("hpcjob.spec", "hpcjob.spec.resources", "hpcenv.spec", "slurmcluster.spec")) {
            String onReal = real.ok("explain", path);
            String onEmbedded = embedded.ok("explain", path);
            assertThat(onEmbedded)
                    .as("kubectl explain %s: the embedded API explains what the real server does", path)
                    .isEqualTo(onReal);
        }
        String specOut = real.ok("explain", "hpcjob.spec");
        spec.path("properties")
                .fieldNames()
                .forEachRemaining(field -> assertThat(specOut)
                        .as("kubectl explain hpcjob.spec names %s:%n%s", field, specOut)
                        .contains("  " + field + "\t"));
        String resourcesOut = real.ok("explain", "hpcjob.spec.resources");
        JsonNode resources = spec.path("properties").path("resources");
        assertThat(squeeze(resourcesOut))
                .contains(squeeze(resources.path("description").asText()));
        resources
                .path("properties")
                .fieldNames()
                .forEachRemaining(field -> assertThat(resourcesOut)
                        .as("kubectl explain hpcjob.spec.resources names %s:%n%s", field, resourcesOut)
                        .contains("  " + field + "\t"));
    }

    @Test
    void waitPatchDescribeAndJsonPathWorkAsTheUserGuideShows() throws Exception {
        String ns = namespace("wait");
        for (KubectlCli kubectl : sides()) {
            kubectl.ok("create", "namespace", ns);
            Path copy = tmp.resolve(kubectl == real ? "real-wait" : "embedded-wait");
            RunScopedManifests manifests = new RunScopedManifests(run, ns, run + "-wait");
            manifests.copy(ExampleFiles.examplesDir().resolve("demo"), copy);
            kubectl.ok("apply", "-f", copy.toString());
            String cluster = manifests.clusterScoped("demo");

            // examples/demo/README.md and docs/user-guide.md: wait for the end, whichever it is.
            KubectlCli.Running complete =
                    kubectl.start("-n", ns, "wait", "--for=condition=Complete", "hpcjob/hello", "--timeout=60s");
            KubectlCli.Running succeeded = kubectl.start(
                    "-n", ns, "wait", "--for=jsonpath={.status.phase}=Succeeded", "hpcjob/hello", "--timeout=60s");
            KubectlCli.Running failed =
                    kubectl.start("-n", ns, "wait", "--for=condition=Failed", "hpcjob/fail-with-3", "--timeout=60s");
            KubectlCli.Running ready =
                    kubectl.start("wait", "--for=condition=Ready", "slurmcluster/" + cluster, "--timeout=60s");
            // The statuses the operator writes at the end (HpcJobStatusFactory), written here by the admin.
            kubectl.ok(
                    "-n",
                    ns,
                    "patch",
                    "hpcjob",
                    "hello",
                    "--subresource=status",
                    "--type=merge",
                    "-p",
                    status("Succeeded", 0, "Complete", "True", "Succeeded"));
            kubectl.ok(
                    "-n",
                    ns,
                    "patch",
                    "hpcjob",
                    "fail-with-3",
                    "--subresource=status",
                    "--type=merge",
                    "-p",
                    status("Failed", 3, "Failed", "True", "Failed"));
            kubectl.ok(
                    "patch",
                    "slurmcluster",
                    cluster,
                    "--subresource=status",
                    "--type=merge",
                    "-p",
                    "{\"status\":{\"reachable\":true,\"apiVersion\":\"v0.0.38\",\"conditions\":[{\"type\":\"Ready\","
                            + "\"status\":\"True\",\"reason\":\"Ready\",\"message\":\"jobs can be submitted\","
                            + "\"lastTransitionTime\":\"2026-12-06T12:00:00Z\"}]}}");
            for (KubectlCli.Running wait : List.of(complete, succeeded, failed, ready)) {
                KubectlCli.Result result = wait.await();
                assertThat(result.exitCode())
                        .as("%s: %s", kubectl.server(), result)
                        .isZero();
                assertThat(result.stdout())
                        .as("%s: %s", kubectl.server(), result)
                        .contains("condition met");
            }

            // docs/user-guide.md: the phase by jsonpath, EXIT in the table, describe, stop by spec.suspend.
            assertThat(kubectl.ok("-n", ns, "get", "hpcjob", "fail-with-3", "-o", "jsonpath={.status.phase}"))
                    .isEqualTo("Failed");
            assertThat(kubectl.ok("-n", ns, "get", "hpcjobs").lines().skip(1).map(KubectlRealApiIT::columns))
                    .as("%s: kubectl get hpcjobs: PHASE, JOBID, EXIT", kubectl.server())
                    .extracting(c -> c.subList(0, 4))
                    .containsExactly(
                            List.of("fail-with-3", "Failed", "4243", "3"), List.of("hello", "Succeeded", "4242", "0"));
            assertThat(kubectl.ok("-n", ns, "describe", "hpcjob", "fail-with-3"))
                    .contains("Phase:", "Failed", "Exit Code:", "Conditions:");
            kubectl.ok("-n", ns, "patch", "hpcjob", "hello", "--type", "merge", "-p", "{\"spec\":{\"suspend\":true}}");
            assertThat(kubectl.ok(
                            "-n",
                            ns,
                            "get",
                            "hpcjob",
                            "hello",
                            "-o",
                            "jsonpath={.spec.suspend} {.metadata.generation}"))
                    .as("%s: the suspend patch is a spec change", kubectl.server())
                    .isEqualTo("true 2");
        }
    }

    @Test
    void gitOpsFolderPassesAServerSideDryRun() throws Exception {
        // examples/gitops/README.md: kubectl apply -k examples/gitops --dry-run=server
        String ns = namespace("gitops-dry-run");
        for (KubectlCli kubectl : sides()) {
            kubectl.ok("create", "namespace", ns);
            Path copy = tmp.resolve(kubectl == real ? "real-gitops" : "embedded-gitops");
            new RunScopedManifests(run, ns, run + "-dry")
                    .copy(ExampleFiles.examplesDir().resolve("gitops"), copy);
            String out = kubectl.ok("apply", "-k", copy.toString(), "--dry-run=server");
            assertThat(out)
                    .as("%s: kubectl apply -k --dry-run=server", kubectl.server())
                    .contains("created (server dry run)");
            assertThat(kubectl.run("-n", ns, "get", "hpcjobs").stderr())
                    .as("%s: a dry run stores nothing", kubectl.server())
                    .contains("No resources found");
        }
    }

    @Test
    void reapplyingAChangedManifestStoresTheSameObjectOnBothServers() throws Exception {
        // kubectl apply sends a three-way JSON merge patch for a custom resource; --server-side an apply
        // patch: lists are replaced, and a field dropped from the file goes (or falls back to its default).
        String ns = namespace("reapply");
        Map<String, List<JsonNode>> stored = new LinkedHashMap<>();
        for (KubectlCli kubectl : sides()) {
            kubectl.ok("create", "namespace", ns);
            for (String mode : List.of("client-side", "server-side")) {
                String name = "reapply-" + mode;
                List<String> apply = new ArrayList<>(List.of("-n", ns, "apply", "-f", "-"));
                if (mode.equals("server-side")) {
                    apply.addAll(List.of("--server-side", "--field-manager=team-a"));
                }
                Path first =
                        write(kubectl, name + "-1.yaml", job(name, ns, "[echo, hi]", "\n  args: [a, b]", "5m", "a"));
                Path second = write(kubectl, name + "-2.yaml", job(name, ns, "[echo, changed]", "", null, "b"));
                for (Path file : List.of(first, second)) {
                    List<String> args = new ArrayList<>(apply);
                    args.set(args.indexOf("-"), file.toString());
                    kubectl.ok(args.toArray(String[]::new));
                }
                JsonNode object = YAML.readTree(kubectl.ok("-n", ns, "get", "hpcjob", name, "-o", "json"));
                stored.computeIfAbsent(mode, m -> new ArrayList<>()).add(withoutServerFields(object));
                assertThat(object.path("spec").path("command").toString())
                        .as("%s, %s apply: the command list is replaced", kubectl.server(), mode)
                        .isEqualTo("[\"echo\",\"changed\"]");
            }
        }
        for (Map.Entry<String, List<JsonNode>> mode : stored.entrySet()) {
            assertThat(mode.getValue().get(1))
                    .as(
                            "%s apply of a changed manifest: embedded API (actual) and real server (expected):%n%s",
                            mode.getKey(), YAML.writeValueAsString(mode.getValue()))
                    .isEqualTo(mode.getValue().get(0));
        }
    }

    private static String job(String name, String ns, String command, String args, String timeLimit, String team) {
        return "apiVersion: hpcenv.dev/v1alpha1\nkind: HpcJob\nmetadata:\n  name: " + name + "\n  namespace: " + ns
                + "\n  labels:\n    team: " + team + "\n" + (team.equals("b") ? "    extra: x\n" : "")
                + "spec:\n  clusterRef:\n    name: alps\n  environmentRef:\n    name: pytorch\n  command: "
                + command + args + "\n  resources:\n    nodes: " + (timeLimit == null ? "1" : "2")
                + (timeLimit == null ? "" : "\n    timeLimit: " + timeLimit) + "\n";
    }

    private Path write(KubectlCli kubectl, String file, String text) throws IOException {
        Path path = tmp.resolve(kubectl == real ? "real-reapply" : "embedded-reapply")
                .resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, text);
    }

    /** The object without what each server decides alone: identity, versions and times. */
    private static JsonNode withoutServerFields(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        ObjectNode metadata = (ObjectNode) copy.get("metadata");
        metadata.remove(List.of("uid", "resourceVersion", "creationTimestamp"));
        metadata.path("managedFields").forEach(entry -> ((ObjectNode) entry).remove("time"));
        return copy;
    }

    private List<KubectlCli> sides() {
        return List.of(real, embedded);
    }

    private String namespace(String what) {
        return "kubectl-" + run + "-" + what.replace('/', '-');
    }

    private static String status(String phase, int exit, String condition, String conditionStatus, String reason) {
        long jobId = exit == 0 ? 4242 : 4243;
        return "{\"status\":{\"phase\":\"" + phase + "\",\"slurmJobId\":" + jobId + ",\"exitCode\":" + exit
                + ",\"observedGeneration\":1,\"conditions\":[{\"type\":\"" + condition + "\",\"status\":\""
                + conditionStatus + "\",\"reason\":\"" + reason + "\",\"message\":\"Slurm job " + jobId
                + " ended\",\"lastTransitionTime\":\"2026-12-06T12:00:00Z\",\"observedGeneration\":1}]}}";
    }

    /** NAME and the CRD's printer columns (priority 0, and 1 with -o wide) as kubectl heads them. */
    private static List<String> expectedHeader(String resource, boolean wide) throws IOException {
        String plural = switch (resource) {
            case "hpcjobs", "hpcjob" -> "hpcjobs";
            case "hpcenv" -> "hpcenvironments";
            case "chpcenv" -> "clusterhpcenvironments";
            case "slurm" -> "slurmclusters";
            default -> throw new IllegalArgumentException(resource);
        };
        List<String> header = new ArrayList<>(List.of("NAME"));
        for (JsonNode column : crd(plural).path("spec").path("versions").get(0).path("additionalPrinterColumns")) {
            if (wide || column.path("priority").asInt(0) == 0) {
                header.add(column.path("name").asText().toUpperCase(Locale.ROOT));
            }
        }
        return header;
    }

    private static JsonNode crdSchema(String plural) throws IOException {
        return crd(plural).path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
    }

    private static JsonNode crd(String plural) throws IOException {
        return YAML.readTree(RepositoryPaths.root()
                .resolve("crds/manifests/" + plural + ".hpcenv.dev-v1.yml")
                .toFile());
    }

    private static List<String> header(String table) {
        return columns(table.lines().findFirst().orElse(""));
    }

    private static List<String> columns(String line) {
        return Arrays.stream(line.trim().split("\\s+")).toList();
    }

    /** The table without its AGE column (the last), which differs by the seconds between two creates. */
    private static String withoutAge(String table) {
        return table.lines().map(l -> l.replaceFirst("\\s+\\S+$", "")).collect(Collectors.joining("\n"));
    }

    private static String squeeze(String text) {
        return Stream.of(text.split("\\s+")).collect(Collectors.joining(" ")).trim();
    }
}
