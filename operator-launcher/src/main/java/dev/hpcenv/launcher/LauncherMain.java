package dev.hpcenv.launcher;

import dev.hpcenv.kube.embedded.EmbeddedKubernetesApi;
import dev.hpcenv.operator.OperatorMain;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hpcenv-operator --embedded-api}: an in-process Kubernetes API with hpcenv's CRDs, and the
 * operator against it in the same process (or, with {@code --api-only}, the API alone, for an operator
 * started separately as on a cluster). For trying hpcenv, the demo and the end-to-end tests; the
 * operator image runs {@link OperatorMain} and carries no API server.
 */
@Command(
        name = "hpcenv-operator",
        mixinStandardHelpOptions = true,
        version = "hpcenv-operator 0.1.0",
        description = {
            "Runs the hpcenv operator against an in-process Kubernetes API that serves hpcenv's CRDs and"
                    + " that kubectl can use (for trying hpcenv and for tests; a real cluster is the production target)."
        },
        footer = {
            "",
            "The operator's environment variables apply (see hpcenv-operator --help); /healthz, /readyz and"
                    + " /metrics listen on 127.0.0.1 only. The API listens on 127.0.0.1, checks no credentials and keeps"
                    + " its objects in memory until it stops.",
            "Exit status: 0 stopped, 1 could not start or lost the leader lease, 2 usage error."
        })
public final class LauncherMain implements Callable<Integer> {

    private static final String NAME = "hpcenv-operator";

    @Option(
            names = "--embedded-api",
            required = true,
            description = "Start the in-process Kubernetes API (this "
                    + "launcher's purpose; without it, run the operator itself: hpcenv-operator).")
    boolean embeddedApi;

    @Option(names = "--kubeconfig-out", paramLabel = "FILE", description = "Write a kubeconfig for kubectl here.")
    Path kubeconfigOut;

    @Option(
            names = "--api-only",
            description = "Serve the API but run no operator in this process (run one "
                    + "against --kubeconfig-out separately, e.g. to restart it in tests).")
    boolean apiOnly;

    @Option(
            names = "--api-port",
            paramLabel = "PORT",
            description = "Port to listen on, 1-65535 (default: a free one).")
    Integer apiPort;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    LauncherMain(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        OperatorMain.quietRetryLogs();
        System.exit(new LauncherMain(System.getenv(), System.out, System.err).run(args));
    }

    int run(String... args) {
        CommandLine cli = new CommandLine(this);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> {
            err.println(NAME + ": " + e.getMessage() + " (see " + NAME + " --embedded-api --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            err.println(NAME + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()).replace('\n', ' '));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (apiPort != null && (apiPort < 1 || apiPort > 65535)) {
            err.println(
                    NAME + ": --api-port " + apiPort + ": not a port from 1 to 65535 (leave it out for a free one)");
            return 2;
        }
        try (EmbeddedKubernetesApi api =
                HpcenvApi.onPort(apiPort == null ? 0 : apiPort).start()) {
            out.println(NAME + ": embedded Kubernetes API at " + api.url()
                    + " (for trying hpcenv and for tests; a real cluster is the production target)");
            if (kubeconfigOut != null) {
                api.writeKubeconfig(kubeconfigOut);
                out.println(NAME + ": kubeconfig written to " + kubeconfigOut.toAbsolutePath()
                        + "; use it with: export KUBECONFIG=" + kubeconfigOut.toAbsolutePath());
            }
            if (!apiOnly) {
                out.flush();
                // The operator prints "running" once it runs, and stops on SIGINT/SIGTERM.
                return new OperatorMain(environment, out, err, () -> HpcenvApi.client(api)).run("--http-loopback");
            }
            out.println(NAME + ": --api-only: no operator runs in this process");
            out.println(NAME + ": running; stop with Ctrl-C or SIGTERM");
            out.flush();
            // The JVM halts once its shutdown hooks return: this one waits until the API has closed.
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                stop();
                                try {
                                    stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            NAME + "-shutdown"));
            stop.await();
            out.println(NAME + ": stopping");
            return 0;
        } finally {
            stopped.countDown();
        }
    }

    /** Ends an {@code --api-only} run (SIGINT/SIGTERM do the same). */
    void stop() {
        stop.countDown();
    }
}
