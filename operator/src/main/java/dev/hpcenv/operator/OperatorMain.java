package dev.hpcenv.operator;

import dev.hpcenv.operator.cluster.SlurmClientFactory;
import dev.hpcenv.operator.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.operator.orphans.OrphanSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hpcenv-operator}: runs the operator against the cluster of the current kubeconfig (or the
 * in-cluster service account), or with {@code --embedded-api} against an in-process Kubernetes API
 * for trying the project and for tests. Runs until SIGINT/SIGTERM.
 */
@Command(name = "hpcenv-operator", mixinStandardHelpOptions = true, version = "hpcenv-operator 0.1.0",
        description = "Reconciles HpcEnvironment, ClusterHpcEnvironment, HpcJob and SlurmCluster into Slurm jobs.",
        footer = {"", "Environment:",
                "  HPCENV_HTTP_PORT             probes and metrics port (default 8080; -1 off)",
                "  HPCENV_BATCH_WORKDIR         the batch job's working directory (default /tmp)",
                "  HPCENV_RECONCILE_THREADS     default 16",
                "  HPCENV_LEADER_ELECTION       true needs POD_NAMESPACE",
                "  HPCENV_LEADER_LEASE_SECONDS  default 15",
                "  HPCENV_INSTALLATION_ID       mark of this installation's Slurm jobs",
                "                               (default: the UID of namespace POD_NAMESPACE)",
                "  HPCENV_ORPHAN_GRACE_SECONDS  default 120; off: never cancel orphans",
                "  HPCENV_DENIED_USERS          Slurm users never submitted as, comma-separated;",
                "                               replaces the default system accounts; root and",
                "                               uid 0 are always denied",
                "Exit status: 0 stopped, 1 could not start or lost the leader lease, 2 usage error."})
public final class OperatorMain implements Callable<Integer> {

    @Option(names = "--embedded-api", description = "Start an in-process Kubernetes API (for trying hpcenv and for "
            + "tests; a real cluster is the production target) and run against it.")
    boolean embeddedApi;

    @Option(names = "--kubeconfig-out", paramLabel = "FILE", description = "With --embedded-api: write a kubeconfig "
            + "for kubectl here.")
    Path kubeconfigOut;

    @Option(names = "--api-only", description = "With --embedded-api: serve the API but run no operator in this "
            + "process (run one against --kubeconfig-out separately, e.g. to restart it in tests).")
    boolean apiOnly;

    @Option(names = "--api-port", paramLabel = "PORT", description = "With --embedded-api: port to listen on "
            + "(default: a free one).")
    Integer apiPort;

    @Option(names = "--http-loopback", description = "Serve /healthz, /readyz and /metrics on 127.0.0.1 only (as "
            + "--embedded-api does), e.g. for an operator beside an --api-only process on one machine.")
    boolean httpLoopback;


    static final String JOSDK_RETRY_LOG =
            "org.slf4j.simpleLogger.log.io.javaoperatorsdk.operator.processing.event.EventProcessor";
    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    OperatorMain(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // A failed reconcile is logged by the reconciler in one line ("reconcile failed: ... reason=...");
        // JOSDK would add the exception's stack at every retry of a slurmrestd outage. Its last-attempt
        // error still shows; set the property to warn to see every one.
        if (System.getProperty(JOSDK_RETRY_LOG) == null) {
            System.setProperty(JOSDK_RETRY_LOG, "error");
        }
        OperatorMain main = new OperatorMain(System.getenv(), System.out, System.err);
        System.exit(main.run(args));
    }

    int run(String... args) {
        CommandLine cli = new CommandLine(this);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("hpcenv-operator: " + e.getMessage() + " (see hpcenv-operator --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            err.println("hpcenv-operator: " + oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (!embeddedApi && (kubeconfigOut != null || apiPort != null || apiOnly)) {
            err.println("hpcenv-operator: --kubeconfig-out, --api-port and --api-only need --embedded-api");
            return 2;
        }
        OperatorConfig config;
        OrphanSettings orphans;
        try {
            config = OperatorConfig.fromEnvironment(environment);
            orphans = OrphanSettings.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            err.println("hpcenv-operator: " + e.getMessage());
            return 2;
        }
        EmbeddedKubernetesApi api = null;
        KubernetesClient client = null;
        HpcenvOperator operator = null;
        try {
            if (embeddedApi) {
                api = (apiPort == null ? EmbeddedKubernetesApi.withProjectCrds()
                        : EmbeddedKubernetesApi.withProjectCrds().onPort(apiPort)).start();
                client = api.kubernetesClient();
                config = config.withHttp(config.httpPort(), true);
                if (kubeconfigOut != null) {
                    api.writeKubeconfig(kubeconfigOut);
                }
            } else {
                // Two HTTP client implementations are on the class path (JOSDK's and the embedded API's):
                // name one, so the operator behaves the same on every start.
                client = new KubernetesClientBuilder().withHttpClientFactory(new VertxHttpClientFactory()).build();
            }
            if (httpLoopback) {
                config = config.withHttp(config.httpPort(), true);
            }
            if (!apiOnly) {
                operator = HpcenvOperator.start(client, SlurmClientFactory.REST, config, orphans, Clock.systemUTC());
            }
            announce(api, operator);
            // The JVM halts once its shutdown hooks return: this one waits until the operator has stopped
            // (reconciles finished, watches closed), so a SIGTERM never cuts a submit in half.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "hpcenv-operator-shutdown"));
            stop.await();
            out.println("hpcenv-operator: stopping");
            return 0;
        } finally {
            if (operator != null) {
                operator.close();
            }
            if (client != null) {
                client.close();
            }
            if (api != null) {
                api.close();
            }
            stopped.countDown();
        }
    }

    private void announce(EmbeddedKubernetesApi api, HpcenvOperator operator) {
        if (api != null) {
            out.println("hpcenv-operator: embedded Kubernetes API at " + api.url()
                    + " (for trying hpcenv and for tests; a real cluster is the production target)");
            if (kubeconfigOut != null) {
                out.println("hpcenv-operator: kubeconfig written to " + kubeconfigOut.toAbsolutePath()
                        + "; use it with: export KUBECONFIG=" + kubeconfigOut.toAbsolutePath());
            }
        }
        if (operator == null) {
            out.println("hpcenv-operator: --api-only: no operator runs in this process");
        } else {
            operator.probePort().ifPresent(p -> out.println("hpcenv-operator: /healthz, /readyz and /metrics on port " + p));
        }
        out.println("hpcenv-operator: running; stop with Ctrl-C or SIGTERM");
        out.flush();
    }

    /**
     * The messages of the exception and its causes on one line: JOSDK wraps the reason a start failed
     * ("Error starting operator"), and without the causes the user would not learn it.
     */
    private static String oneLine(Throwable e) {
        StringBuilder line = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (line.indexOf(message) < 0) {
                line.append(line.length() == 0 ? "" : ": ").append(message);
            }
        }
        return line.toString().replace('\n', ' ');
    }
}
