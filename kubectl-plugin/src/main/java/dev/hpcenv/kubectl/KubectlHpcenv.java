package dev.hpcenv.kubectl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code kubectl-hpcenv}, the kubectl plugin: kubectl runs it from PATH with the arguments after
 * {@code kubectl hpcenv}. The one place that picks a command and exits.
 */
public final class KubectlHpcenv {

    static final int USAGE = 2;
    static final int KUBECTL_NOT_FOUND = 127;
    /** Two minutes of looks at a job whose log ended before its status did (LogsCommand). */
    private static final int STATUS_LOOKS = 60;

    private static final long STATUS_PAUSE_MILLIS = 2_000;

    private final Kubectl kubectl;
    private final PrintStream out;
    private final PrintStream err;
    private final LogsCommand.Pause pause;

    KubectlHpcenv(Kubectl kubectl, PrintStream out, PrintStream err, LogsCommand.Pause pause) {
        this.kubectl = kubectl;
        this.out = out;
        this.err = err;
        this.pause = pause;
    }

    public static void main(String[] args) {
        int status = new KubectlHpcenv(ProcessKubectl.fromEnvironment(), System.out, System.err, new Sleep())
                .run(List.of(args));
        System.out.flush();
        System.exit(status);
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            err.print(Usage.TOP);
            return USAGE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            switch (command) {
                case "-h", "--help", "help":
                    if (!rest.isEmpty() && rest.get(0).equals("logs")) {
                        out.print(Usage.LOGS);
                    } else {
                        out.print(Usage.TOP);
                    }
                    return 0;
                case "version", "--version":
                    if (!rest.isEmpty()) {
                        throw new UsageException("version takes no arguments");
                    }
                    out.println("kubectl-hpcenv " + version());
                    return 0;
                case "logs":
                    Optional<LogsRequest> request = LogsArguments.parse(rest);
                    if (request.isEmpty()) {
                        out.print(Usage.LOGS);
                        return 0;
                    }
                    return new LogsCommand(kubectl, err, pause, STATUS_LOOKS, STATUS_PAUSE_MILLIS).run(request.get());
                default:
                    throw new UsageException("unknown command " + Shown.quote(command)
                            + " (commands: logs, version; kubectl hpcenv --help)");
            }
        } catch (UsageException e) {
            err.println((command.equals("logs") ? "kubectl hpcenv logs: " : "kubectl hpcenv: ") + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            // ProcessBuilder.start: kubectl is not there or not executable.
            err.println("kubectl hpcenv: cannot run kubectl: " + e.getMessage()
                    + " (hint: put kubectl on PATH, or name it in HPCENV_KUBECTL)");
            return KUBECTL_NOT_FOUND;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = KubectlHpcenv.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // The version is informative only.
        }
        return properties.getProperty("version", "unknown");
    }

    /** The real pause. */
    private static final class Sleep implements LogsCommand.Pause {
        @Override
        public void pause(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    }
}
