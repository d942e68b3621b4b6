package dev.hpcenv.kube.local;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real control plane of {@code dev/kube-local.sh}: etcd and kube-apiserver on loopback, with
 * client-certificate and token authentication and RBAC. {@link #shared()} starts it once per JVM
 * (the script is idempotent, so a control plane that dev/test.sh started is reused) and leaves it
 * running for the next test class; dev/test.sh stops what it started.
 *
 * <p>There is no controller manager: namespaces are never finalized and ServiceAccounts get no
 * token Secrets. Tests name what they create after a run id and delete cluster-scoped objects they
 * made; namespaced objects go with the control plane's etcd at {@code stop}.
 */
public final class LocalKubeApi {

    static final String SCRIPT = "dev/kube-local.sh";
    private static LocalKubeApi shared;

    private final Path kubeconfig;
    private final String url;
    private final String kubeVersion;
    private final Path state;
    private final Path root;
    private final String aggregationAddress;

    private LocalKubeApi(Path root, Map<String, String> env) {
        this.root = root;
        this.aggregationAddress = env.get("HPCENV_KUBE_AGGREGATION_ADDRESS");
        this.kubeconfig = Path.of(required(env, "HPCENV_KUBE_KUBECONFIG"));
        this.url = required(env, "HPCENV_KUBE_URL");
        this.kubeVersion = required(env, "HPCENV_KUBE_VERSION");
        this.state = Path.of(required(env, "HPCENV_KUBE_STATE"));
    }

    /**
     * The running control plane, started when it is not. Where it cannot be built (no Go, or one too
     * old) the calling test is aborted, and so reported skipped, with one line naming what is missing;
     * a build or start that fails where it could work fails the test.
     */
    public static synchronized LocalKubeApi shared() {
        requireIntegrationLayer();
        if (shared != null) {
            return shared;
        }
        Path root = repoRoot();
        Script.Result check = Script.run(root, List.of("check"), 60);
        if (check.exit() != 0) {
            String why = check.output().strip();
            System.err.println("\n*** SKIPPED: tests against a real kube-apiserver: " + why + " ***\n");
            Assumptions.abort("no real kube-apiserver: " + why);
        }
        Script.Result started = Script.run(root, List.of("start"), 3600);
        if (started.exit() != 0) {
            throw new IllegalStateException(
                    SCRIPT + " start failed (exit " + started.exit() + "):\n" + started.output());
        }
        Script.Result env = Script.run(root, List.of("env"), 60);
        if (env.exit() != 0) {
            throw new IllegalStateException(SCRIPT + " env failed:\n" + env.output());
        }
        shared = new LocalKubeApi(root, parseEnv(env.output()));
        return shared;
    }

    /** The admin kubeconfig (system:masters): for setting tests up, never for what is under test. */
    public Path adminKubeconfig() {
        return kubeconfig;
    }

    public String url() {
        return url;
    }

    /**
     * The address, on no loopback interface, that an aggregated API server under test listens on: the API
     * server refuses to proxy to loopback endpoints (dev/kube-local.sh start makes it).
     */
    public String aggregationAddress() {
        if (aggregationAddress == null || aggregationAddress.isBlank()) {
            throw new IllegalStateException(
                    SCRIPT + " env printed no HPCENV_KUBE_AGGREGATION_ADDRESS: its start did not"
                            + " make the hpcenv-kagg interface (see its log)");
        }
        return aggregationAddress;
    }

    /** The kube-apiserver version, e.g. v1.37.2. */
    public String kubeVersion() {
        return kubeVersion;
    }

    public KubernetesClient adminClient() {
        return new KubernetesClientBuilder().withConfig(adminConfig()).build();
    }

    /** The admin's client configuration, as the kubeconfig gives it. */
    public Config adminConfig() {
        try {
            return Config.fromKubeconfig(null, Files.readString(kubeconfig, StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig, e);
        }
    }

    /** A client that acts as {@code user} in {@code groups}, through the admin's impersonation right. */
    public KubernetesClient clientAs(String user, String... groups) {
        Config config = new ConfigBuilder(adminConfig())
                .withImpersonateUsername(user)
                .withImpersonateGroups(groups)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * A bearer token of ServiceAccount {@code namespace/name} (which must exist), from the
     * TokenRequest API as a kubelet would get one, valid for {@code seconds}.
     */
    public String serviceAccountToken(String namespace, String name, long seconds) {
        try (KubernetesClient admin = adminClient()) {
            TokenRequest request = new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(seconds)
                    .endSpec()
                    .build();
            return admin.serviceAccounts()
                    .inNamespace(namespace)
                    .withName(name)
                    .tokenRequest(request)
                    .getStatus()
                    .getToken();
        }
    }

    /**
     * A kubeconfig file at {@code file} that authenticates as ServiceAccount {@code namespace/name}
     * with a fresh token (one hour), for a process (the operator) that must hold exactly that
     * identity. Written owner-only: it holds a credential.
     */
    public Path writeServiceAccountKubeconfig(String namespace, String name, Path file) {
        String token = serviceAccountToken(namespace, name, 3600);
        String text = "apiVersion: v1\nkind: Config\nclusters:\n- name: kube-local\n  cluster:\n    server: " + url
                + "\n    certificate-authority: " + state.resolve("pki/ca.crt")
                + "\nusers:\n- name: sa\n  user:\n    token: " + token
                + "\ncontexts:\n- name: sa\n  context:\n    cluster: kube-local\n    user: sa\n    namespace: "
                + namespace + "\ncurrent-context: sa\n";
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** A client with a ServiceAccount's identity, as {@link #writeServiceAccountKubeconfig} gives it. */
    public KubernetesClient clientAsServiceAccount(String namespace, String name) {
        Config config = new ConfigBuilder(adminConfig())
                .withClientCertData(null)
                .withClientCertFile(null)
                .withClientKeyData(null)
                .withClientKeyFile(null)
                .withOauthToken(serviceAccountToken(namespace, name, 3600))
                .withNamespace(namespace)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The API server's and etcd's logs, for a failing test's message. */
    public String logs() {
        return Script.run(root, List.of("logs"), 60).output();
    }

    /** kube-apiserver's log only (the last {@code lines}), for a failing test's message. */
    public String apiServerLogTail(int lines) {
        try {
            List<String> all = Files.readAllLines(state.resolve("kube-apiserver.log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no kube-apiserver log: " + e.getMessage() + ")";
        }
    }

    private static String required(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(SCRIPT + " env printed no " + key + ": " + env);
        }
        return value;
    }

    /** Daemons start in *IT classes only (failsafe); mvn test sets hpcenv.testLayer=unit. */
    private static void requireIntegrationLayer() {
        if ("unit".equals(System.getProperty("hpcenv.testLayer"))) {
            throw new IllegalStateException("a real kube-apiserver (LocalKubeApi) is for *IT classes only:"
                    + " mvn test runs the *Test classes, which start nothing; rename the test to *IT");
        }
    }

    static Path repoRoot() {
        String property = System.getProperty("hpcenv.root");
        if (property != null && Files.isExecutable(Path.of(property).resolve(SCRIPT))) {
            return Path.of(property);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve(SCRIPT))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find " + SCRIPT + ": set -Dhpcenv.root to the repository root");
    }

    static Map<String, String> parseEnv(String output) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    /** Runs dev/kube-local.sh with a deadline; its output and exit code. */
    static final class Script {
        record Result(int exit, String output) {}

        static Result run(Path root, List<String> arguments, int timeoutSeconds) {
            List<String> command = new ArrayList<>();
            command.add(root.resolve(SCRIPT).toString());
            command.addAll(arguments);
            try {
                Path log = Files.createTempFile("hpcenv-kube-local", ".log");
                try {
                    Process process = new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
                    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                        return new Result(
                                124,
                                String.join(" ", command) + " timed out after " + timeoutSeconds + " s\n"
                                        + Files.readString(log, StandardCharsets.UTF_8));
                    }
                    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
                } finally {
                    Files.deleteIfExists(log);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + command, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + command, e);
            }
        }
    }
}
