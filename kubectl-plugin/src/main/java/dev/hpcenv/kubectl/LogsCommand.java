package dev.hpcenv.kubectl;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubectl hpcenv logs}: finds the namespace, streams the log through {@code kubectl get --raw}
 * and, after {@code -f}, exits with the job's exit code.
 */
final class LogsCommand {

    /** Waits between looks at a job whose log is complete but whose status does not show its end yet. */
    interface Pause {
        void pause(long millis) throws InterruptedException;
    }

    static final String DEFAULT_NAMESPACE = "default";

    private final Kubectl kubectl;
    private final PrintStream err;
    private final Pause pause;
    private final int statusLooks;
    private final long statusPauseMillis;

    /**
     * @param statusLooks how often to read the job's status after a followed log ended: the log is
     *     complete once the tasks have ended, and the status shows the end at the operator's next sync
     *     with Slurm (the SlurmCluster's sync interval, 10 s by default)
     */
    LogsCommand(Kubectl kubectl, PrintStream err, Pause pause, int statusLooks, long statusPauseMillis) {
        this.kubectl = kubectl;
        this.err = err;
        this.pause = pause;
        this.statusLooks = statusLooks;
        this.statusPauseMillis = statusPauseMillis;
    }

    int run(LogsRequest request) throws IOException, InterruptedException, UsageException {
        String namespace = request.namespace().isPresent() ? request.namespace().get() : currentNamespace(request);
        List<String> get = new ArrayList<>();
        get.add("get");
        get.add("--raw");
        get.add(LogPath.of(namespace, request));
        get.addAll(request.kubectlFlags());
        int status = kubectl.passThrough(get);
        if (status != 0 || !request.follow()) {
            // kubectl has printed the server's message (404 no such job or no log, 403 not allowed).
            return status;
        }
        return jobExitCode(request, namespace);
    }

    /** The current context's namespace, as kubectl itself would use it; "default" when it names none. */
    private String currentNamespace(LogsRequest request) throws IOException, InterruptedException, UsageException {
        List<String> view = new ArrayList<>(List.of("config", "view", "--minify", "-o", "jsonpath={..namespace}"));
        view.addAll(request.kubectlFlags());
        // Errors are not shown: a kubeconfig kubectl cannot read fails the next call with kubectl's message.
        Kubectl.Captured captured = kubectl.capture(view, false);
        String namespace = captured.stdout().strip();
        if (captured.exitCode() != 0 || namespace.isEmpty()) {
            return DEFAULT_NAMESPACE;
        }
        if (!Names.isDnsLabel(namespace)) {
            throw new UsageException("the current context's namespace " + Shown.quote(namespace) + " is not "
                    + Names.NAMESPACE + "; give one with -n");
        }
        return namespace;
    }

    private int jobExitCode(LogsRequest request, String namespace) throws IOException, InterruptedException {
        List<String> get = new ArrayList<>(
                List.of("get", "hpcjobs.hpcenv.dev", request.job(), "-n", namespace, "-o", JobOutcome.JSONPATH));
        get.addAll(request.kubectlFlags());
        JobOutcome outcome = null;
        for (int look = 0; look < statusLooks; look++) {
            if (look == 1) {
                err.println("kubectl hpcenv logs: the output of hpcjob " + request.job() + " is complete;"
                        + " waiting for its status to show the end (phase " + outcome.phase() + ")");
            }
            if (look > 0) {
                pause.pause(statusPauseMillis);
            }
            Kubectl.Captured captured = kubectl.capture(get, true);
            if (captured.exitCode() != 0) {
                return captured.exitCode();
            }
            outcome = JobOutcome.parse(captured.stdout());
            if (outcome.ended()) {
                return outcome.exitCode();
            }
        }
        err.println("kubectl hpcenv logs: the log stream of hpcjob " + request.job() + " in " + namespace
                + " ended but the job is still " + (outcome == null ? "unknown" : outcome.phase())
                + "; run the command again to go on following");
        return 1;
    }
}
