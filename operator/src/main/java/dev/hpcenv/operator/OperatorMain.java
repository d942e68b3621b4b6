package dev.hpcenv.operator;

import dev.hpcenv.operator.cluster.SlurmClientFactory;
import dev.hpcenv.operator.orphans.OrphanSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hpcenv-operator}: runs the operator against the cluster of the current kubeconfig (or the
 * in-cluster service account) until SIGINT/SIGTERM. The {@code --embedded-api} mode (an in-process
 * Kubernetes API for trying hpcenv) lives in the operator-launcher module, which hands this class a
 * client of that API through {@link ClientSource}; the operator itself carries no API server.
 */
@Command(
        name = "hpcenv-operator",
        mixinStandardHelpOptions = true,
        version = "hpcenv-operator 0.1.0",
        description = "Reconciles HpcEnvironment, ClusterHpcEnvironment, HpcJob and SlurmCluster into Slurm jobs.",
        footer = {
            "",
            "Environment:",
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
            "Exit status: 0 stopped, 1 could not start or lost the leader lease, 2 usage error.",
            "With an in-process Kubernetes API instead of a cluster: hpcenv-operator --embedded-api --help"
                    + " (bin/hpcenv-operator runs the operator-launcher module then; the image does not carry it)."
        })
public final class OperatorMain implements Callable<Integer> {

    /** Opens the Kubernetes client the operator runs with; the operator closes it when it stops. */
    @FunctionalInterface
    public interface ClientSource {
        KubernetesClient open();
    }

    /**
     * The cluster of the current kubeconfig or the in-cluster service account. Two HTTP client
     * implementations are on the class path (JOSDK's JDK one and fabric8's default, Vert.x): name one, so
     * the operator behaves the same on every start.
     */
    public static final ClientSource KUBECONFIG = () -> new KubernetesClientBuilder()
            .withHttpClientFactory(new VertxHttpClientFactory())
            .build();

    // The launcher's options: named in the hint for whoever passes them to the production operator.
    private static final List<String> LAUNCHER_OPTIONS =
            List.of("--embedded-api", "--api-only", "--kubeconfig-out", "--api-port");

    @Option(
            names = "--http-loopback",
            description = "Serve /healthz, /readyz and /metrics on 127.0.0.1 only (as "
                    + "--embedded-api does), e.g. for an operator beside an --api-only process on one machine.")
    boolean httpLoopback;

    static final String JOSDK_RETRY_LOG =
            "org.slf4j.simpleLogger.log.io.javaoperatorsdk.operator.processing.event.EventProcessor";
    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final ClientSource clients;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    OperatorMain(Map<String, String> environment, PrintStream out, PrintStream err) {
        this(environment, out, err, KUBECONFIG);
    }

    /** An operator process that runs with the client {@code clients} opens (a launcher's own API). */
    public OperatorMain(Map<String, String> environment, PrintStream out, PrintStream err, ClientSource clients) {
        this.environment = environment;
        this.out = out;
        this.err = err;
        this.clients = clients;
    }

    public static void main(String[] args) {
        quietRetryLogs();
        OperatorMain main = new OperatorMain(System.getenv(), System.out, System.err);
        System.exit(main.run(args));
    }

    /**
     * A failed reconcile is logged by the reconciler in one line ("reconcile failed: ... reason=...");
     * JOSDK would add the exception's stack at every retry of a slurmrestd outage. Its last-attempt
     * error still shows; set the property to warn to see every one. Call before any logging.
     */
    public static void quietRetryLogs() {
        if (System.getProperty(JOSDK_RETRY_LOG) == null) {
            System.setProperty(JOSDK_RETRY_LOG, "error");
        }
    }

    /** Parses {@code args}, runs until stopped and returns the exit status (0, 1 or 2, see --help). */
    public int run(String... args) {
        CommandLine cli = new CommandLine(this);
        cli.setParameterExceptionHandler((e, a) -> {
            boolean launcherOption = Arrays.stream(a)
                    .anyMatch(arg -> LAUNCHER_OPTIONS.stream()
                            .anyMatch(option -> arg.equals(option) || arg.startsWith(option + "=")));
            err.println("hpcenv-operator: " + e.getMessage()
                    + (launcherOption
                            ? " (--embedded-api and its options are the launcher's: bin/hpcenv-operator --embedded-api,"
                                    + " operator-launcher/target/hpcenv-operator-launcher.jar; the production operator has no API server)"
                            : " (see hpcenv-operator --help)"));
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
        OperatorConfig config;
        OrphanSettings orphans;
        try {
            config = OperatorConfig.fromEnvironment(environment);
            orphans = OrphanSettings.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            err.println("hpcenv-operator: " + e.getMessage());
            return 2;
        }
        KubernetesClient client = null;
        HpcenvOperator operator = null;
        try {
            client = clients.open();
            if (httpLoopback) {
                config = config.withHttp(config.httpPort(), true);
            }
            operator = HpcenvOperator.start(client, SlurmClientFactory.REST, config, orphans, Clock.systemUTC());
            announce(operator);
            // The JVM halts once its shutdown hooks return: this one waits until the operator has stopped
            // (reconciles finished, watches closed), so a SIGTERM never cuts a submit in half.
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                stop.countDown();
                                try {
                                    stopped.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "hpcenv-operator-shutdown"));
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
            stopped.countDown();
        }
    }

    private void announce(HpcenvOperator operator) {
        operator.probePort()
                .ifPresent(p -> out.println("hpcenv-operator: /healthz, /readyz and /metrics on port " + p));
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
