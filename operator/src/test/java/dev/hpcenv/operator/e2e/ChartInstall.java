package dev.hpcenv.operator.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import dev.hpcenv.kube.local.LocalKubeApi;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code helm install} of charts/hpcenv (the Helm that helm-java bundles) on the real kube-apiserver,
 * as an admin would: the admin kubeconfig, CRDs included (Helm skips those the run already installed),
 * no {@code --wait} (there is no kubelet, so the Deployment never gets a pod). The operator of a test
 * then runs outside the cluster as the release's ServiceAccount ({@link
 * RealControlPlane#operatorAs}) with the settings its Deployment gives the container ({@link
 * #operatorSettings}). {@link #close} is {@code helm uninstall}, and checks that nothing the release
 * rendered is left: its ClusterRole and ClusterRoleBinding are cluster-scoped and would outlive the
 * run on the shared API server. The release namespace stays (no controller manager finalizes
 * namespaces), and so do the CRDs, which the run shares. It holds an admin client of its own, so that
 * it may be closed after the world (and its plane) that ran the operator.
 */
final class ChartInstall implements AutoCloseable {

    /** What the operator process gets from the Deployment's env by other means (OperatorProcess). */
    private static final Set<String> PROCESS_OWN = Set.of("HPCENV_HTTP_PORT", "JAVA_TOOL_OPTIONS");

    private final LocalKubeApi api;
    private final KubernetesClient admin;
    private final String release;
    private final String namespace;
    private final List<HasMetadata> rendered;
    /** The pod's volumes for an operator outside the cluster ({@link #operatorSettings}). */
    private Path podFiles;

    private ChartInstall(
            LocalKubeApi api, KubernetesClient admin, String release, String namespace, List<HasMetadata> rendered) {
        this.api = api;
        this.admin = admin;
        this.release = release;
        this.namespace = namespace;
        this.rendered = rendered;
    }

    /** Chart values: a values file (may be null) and --set values applied after it. */
    record Values(Path file, Map<String, Object> sets) {
        static Values defaults() {
            return new Values(null, Map.of());
        }

        static Values file(Path file) {
            return new Values(file, Map.of());
        }

        Values and(String key, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(sets);
            more.put(key, value);
            return new Values(file, more);
        }

        @Override
        public String toString() {
            return (file == null ? "default values" : file.toString()) + (sets.isEmpty() ? "" : " " + sets);
        }
    }

    /** The chart of this checkout: -Dhpcenv.root (the parent pom sets it), else the working directory's parent. */
    static Path chart() {
        return Path.of(System.getProperty("hpcenv.root", ".."))
                .toAbsolutePath()
                .normalize()
                .resolve("charts/hpcenv");
    }

    /**
     * Installs release {@code release} into {@code namespace} (created unless it exists). A failed
     * install is uninstalled before the exception, which carries Helm's message and the API server's log.
     */
    static ChartInstall install(RealControlPlane plane, String release, String namespace, Values values) {
        LocalKubeApi api = plane.api();
        List<HasMetadata> rendered = render(api, release, namespace, values);
        KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(api.adminConfig())
                .withHttpClientFactory(new VertxHttpClientFactory())
                .build();
        InstallCommand install = new Helm(chart())
                .install()
                .withName(release)
                .withNamespace(namespace)
                .createNamespace()
                .withKubeConfig(api.adminKubeconfig());
        if (values.file() != null) {
            install = install.withValuesFile(values.file());
        }
        for (Map.Entry<String, Object> set : values.sets().entrySet()) {
            install = install.set(set.getKey(), set.getValue());
        }
        ChartInstall installed = new ChartInstall(api, admin, release, namespace, rendered);
        try {
            install.call();
        } catch (RuntimeException e) {
            String cleanup;
            try {
                installed.close();
                cleanup = "uninstalled";
            } catch (RuntimeException | AssertionError cleanupFailure) {
                cleanup = "uninstall failed too: " + cleanupFailure.getMessage();
            }
            throw new IllegalStateException(
                    "helm install " + release + " charts/hpcenv -n " + namespace + " with " + values + " failed ("
                            + cleanup + "): " + e.getMessage() + "\n" + plane.diagnostics(),
                    e);
        }
        return installed;
    }

    /** What `helm template` gives for the same release and values (CRDs left out): what the install must create. */
    private static List<HasMetadata> render(LocalKubeApi api, String release, String namespace, Values values) {
        TemplateCommand template = new Helm(chart())
                .template()
                .withName(release)
                .withNamespace(namespace)
                .withKubeVersion(api.kubeVersion())
                .skipCrds();
        if (values.file() != null) {
            if (!Files.isRegularFile(values.file())) {
                throw new IllegalArgumentException("values file " + values.file() + " does not exist");
            }
            template = template.withValuesFile(values.file());
        }
        for (Map.Entry<String, Object> set : values.sets().entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : template.call().split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
                GenericKubernetesResource object = Serialization.unmarshal(document, GenericKubernetesResource.class);
                objects.add(object);
            }
        }
        return objects;
    }

    String release() {
        return release;
    }

    String namespace() {
        return namespace;
    }

    /** The objects the release holds, as `helm template` renders them (namespaced ones without a namespace are in {@link #namespace}). */
    List<HasMetadata> rendered() {
        return rendered;
    }

    /** The Deployment the chart installed (never rolled out here: there is no kubelet). */
    Deployment deployment() {
        HasMetadata rendered = only("Deployment");
        return admin.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(rendered.getMetadata().getName())
                .require();
    }

    /** The ServiceAccount the Deployment's pods run as: the operator's identity. */
    String serviceAccount() {
        return deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
    }

    /**
     * The operator container's environment as the installed Deployment sets it, for an operator that
     * runs outside the cluster: literal values as they are, the downward API's namespace and pod name
     * as a pod of the release would get them. The probe port and JVM options are the test process's.
     */
    Map<String, String> operatorSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        Deployment deployment = deployment();
        for (EnvVar variable : deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()) {
            if (PROCESS_OWN.contains(variable.getName())) {
                continue;
            }
            if (variable.getValueFrom() == null) {
                // The API server drops an empty value: "" reads back as no value at all.
                settings.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
            } else if (variable.getValueFrom().getFieldRef() != null) {
                String field = variable.getValueFrom().getFieldRef().getFieldPath();
                switch (field) {
                    case "metadata.namespace" -> settings.put(variable.getName(), namespace);
                    case "metadata.name" ->
                        settings.put(
                                variable.getName(), deployment.getMetadata().getName() + "-test-pod");
                    default ->
                        throw new IllegalStateException("the chart's Deployment sets " + variable.getName() + " from "
                                + field + ", which an operator outside the cluster cannot be given");
                }
            } else {
                throw new IllegalStateException("the chart's Deployment sets " + variable.getName()
                        + " from a source an operator outside the cluster cannot be given: " + variable);
            }
        }
        return outsideThePod(deployment, settings);
    }

    /**
     * What a pod's own filesystem and network give the container, for a process outside the cluster:
     * each volume the container mounts becomes a directory of this install (a Secret's keys as files,
     * as the kubelet writes them; an empty one for a claim), and the settings naming a path in a mount
     * name that directory instead; a port setting becomes 0 (a free one), since the pod's ports are its
     * own and this machine's are shared.
     */
    private Map<String, String> outsideThePod(Deployment deployment, Map<String, String> settings) {
        var pod = deployment.getSpec().getTemplate().getSpec();
        Map<String, Path> mounts = new LinkedHashMap<>();
        try {
            if (podFiles == null) {
                podFiles = Files.createTempDirectory("hpcenv-chart-pod-");
            }
            for (var mount : pod.getContainers().get(0).getVolumeMounts()) {
                var volume = pod.getVolumes().stream()
                        .filter(v -> v.getName().equals(mount.getName()))
                        .findFirst()
                        .orElseThrow();
                Path dir = podFiles.resolve(mount.getName());
                Files.createDirectories(dir);
                if (volume.getSecret() != null) {
                    var secret = admin.secrets()
                            .inNamespace(namespace)
                            .withName(volume.getSecret().getSecretName())
                            .get();
                    if (secret != null && secret.getData() != null) {
                        for (var entry : secret.getData().entrySet()) {
                            Files.write(
                                    dir.resolve(entry.getKey()),
                                    java.util.Base64.getDecoder().decode(entry.getValue()));
                        }
                    }
                }
                mounts.put(mount.getMountPath(), dir);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot lay out the pod's volumes in " + podFiles, e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((name, value) -> {
            String v = value;
            for (Map.Entry<String, Path> m : mounts.entrySet()) {
                if (v.equals(m.getKey()) || v.startsWith(m.getKey() + "/")) {
                    v = m.getValue() + v.substring(m.getKey().length());
                }
            }
            out.put(name, name.endsWith("_PORT") ? "0" : v);
        });
        return out;
    }

    /** The rendered objects the API server does not hold, as "Kind namespace/name". */
    List<String> missing() {
        return rendered.stream()
                .filter(o -> live(o).get() == null)
                .map(this::describe)
                .toList();
    }

    /**
     * {@code helm uninstall}; then every object the release rendered must be gone. One that is held by
     * a finalizer (the operator's, on a SlurmCluster of the release, with no operator left to remove
     * it) is let go; anything else left is deleted and reported.
     */
    @Override
    public void close() {
        try {
            uninstall();
        } finally {
            admin.close();
            if (podFiles != null) {
                try (var files = Files.walk(podFiles)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                } catch (java.io.IOException e) {
                    // a temporary directory: the next boot's tmp cleaning takes what is left
                }
            }
        }
    }

    private void uninstall() {
        String uninstall = null;
        try {
            new Helm(chart())
                    .uninstall(release)
                    .withNamespace(namespace)
                    .withKubeConfig(api.adminKubeconfig())
                    .ignoreNotFound()
                    .call();
        } catch (RuntimeException e) {
            uninstall = "helm uninstall " + release + " -n " + namespace + " failed: " + e.getMessage();
        }
        List<String> left = new ArrayList<>();
        for (HasMetadata object : rendered) {
            Resource<GenericKubernetesResource> live = live(object);
            GenericKubernetesResource current = live.get();
            if (current == null) {
                continue;
            }
            if (current.getMetadata().getDeletionTimestamp() == null) {
                left.add(describe(object));
                live.delete();
            }
            if (!current.getMetadata().getFinalizers().isEmpty()) {
                try {
                    live.edit(o -> {
                        o.getMetadata().setFinalizers(new ArrayList<>());
                        return o;
                    });
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
            }
        }
        if (uninstall != null || !left.isEmpty()) {
            throw new AssertionError(
                    (uninstall == null ? "" : uninstall + "; ") + "left after helm uninstall (now deleted): " + left);
        }
    }

    private HasMetadata only(String kind) {
        List<HasMetadata> found =
                rendered.stream().filter(o -> kind.equals(o.getKind())).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("the release renders " + found.size() + " " + kind + " objects");
        }
        return found.get(0);
    }

    private Resource<GenericKubernetesResource> live(HasMetadata object) {
        var resources = admin.genericKubernetesResources(object.getApiVersion(), object.getKind());
        String name = object.getMetadata().getName();
        if (!namespaced(object)) {
            return resources.withName(name);
        }
        String ns = object.getMetadata().getNamespace() == null
                ? namespace
                : object.getMetadata().getNamespace();
        return resources.inNamespace(ns).withName(name);
    }

    private boolean namespaced(HasMetadata object) {
        return admin.getApiResources(object.getApiVersion()).getResources().stream()
                .filter(r ->
                        r.getKind().equals(object.getKind()) && !r.getName().contains("/"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "the API server serves no " + object.getKind() + " in " + object.getApiVersion()))
                .getNamespaced();
    }

    private String describe(HasMetadata object) {
        return object.getKind() + " "
                + (namespaced(object)
                        ? (object.getMetadata().getNamespace() == null
                                        ? namespace
                                        : object.getMetadata().getNamespace())
                                + "/"
                        : "")
                + object.getMetadata().getName();
    }
}
