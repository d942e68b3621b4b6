package dev.hpcenv.kubectl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs kubectl ({@code HPCENV_KUBECTL}, else {@code kubectl} on PATH) from an argument list, never
 * through a shell. A kubectl still running when the plugin is stopped (SIGTERM, SIGHUP) is stopped
 * with it; Ctrl-C reaches both through the terminal's process group.
 */
final class ProcessKubectl implements Kubectl {

    private final String executable;
    private volatile Process running;

    ProcessKubectl(String executable) {
        this.executable = executable;
        Runtime.getRuntime().addShutdownHook(new Thread("kubectl-hpcenv-stop-kubectl") {
            @Override
            public void run() {
                Process process = running;
                if (process != null) {
                    process.destroy();
                }
            }
        });
    }

    static ProcessKubectl fromEnvironment() {
        String named = System.getenv("HPCENV_KUBECTL");
        return new ProcessKubectl(named == null || named.isEmpty() ? "kubectl" : named);
    }

    String executable() {
        return executable;
    }

    @Override
    public int passThrough(List<String> arguments) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(arguments)).inheritIO();
        return finish(start(builder));
    }

    @Override
    public Captured capture(List<String> arguments, boolean showErrors) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(arguments))
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(showErrors ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD);
        Process process = start(builder);
        byte[] stdout;
        try (InputStream in = process.getInputStream()) {
            stdout = in.readAllBytes();
        }
        return new Captured(finish(process), new String(stdout, StandardCharsets.UTF_8));
    }

    private List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>(arguments.size() + 1);
        command.add(executable);
        command.addAll(arguments);
        return command;
    }

    private Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        running = process;
        return process;
    }

    private int finish(Process process) throws InterruptedException {
        try {
            return process.waitFor();
        } finally {
            running = null;
        }
    }
}
