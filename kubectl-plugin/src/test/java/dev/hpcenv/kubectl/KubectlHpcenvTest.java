package dev.hpcenv.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commands, their output streams and exit statuses. */
class KubectlHpcenvTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Kubectl kubectl, String... args) {
        return new KubectlHpcenv(
                        kubectl,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        millis -> {})
                .run(List.of(args));
    }

    private int run(String... args) {
        return run(new FakeKubectl(), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_goes_to_stdout_with_status_0() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("Commands:", "logs JOB", "version");
        out.reset();
        assertThat(run("logs", "--help")).isZero();
        assertThat(out()).contains("--tail N", "--since DURATION", "--task N", "--node NAME", "--prefix", "--raw");
        out.reset();
        assertThat(run("help", "logs")).isZero();
        assertThat(out()).contains("kubectl hpcenv logs JOB");
        assertThat(err()).isEmpty();
    }

    @Test
    void no_command_is_a_usage_error_with_the_help_on_stderr() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("Commands:");
        assertThat(out()).isEmpty();
    }

    @Test
    void version_prints_the_projects_version() {
        assertThat(run("version")).isZero();
        assertThat(out()).matches("kubectl-hpcenv \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
        assertThat(run("version", "extra")).isEqualTo(2);
        assertThat(err()).isEqualTo("kubectl hpcenv: version takes no arguments\n");
    }

    @Test
    void an_unknown_command_is_one_line_and_status_2() {
        assertThat(run("log\u001b[2J", "x")).isEqualTo(2);
        assertThat(err())
                .isEqualTo(
                        "kubectl hpcenv: unknown command 'log\\x1b[2J' (commands: logs, version; kubectl hpcenv --help)\n");
    }

    @Test
    void a_bad_logs_argument_is_one_line_and_status_2_and_runs_no_kubectl() {
        // Given
        FakeKubectl kubectl = new FakeKubectl();

        // When
        int status = run(kubectl, "logs", "j", "--since=5x");

        // Then
        assertThat(status).isEqualTo(2);
        assertThat(err()).isEqualTo("kubectl hpcenv logs: --since: '5x' is not " + Numbers.SINCE + "\n");
        assertThat(kubectl.calls).isEmpty();
    }

    @Test
    void a_missing_kubectl_is_named_with_a_hint() {
        // Given
        Kubectl missing = new ProcessKubectl("/nonexistent/kubectl");

        // When
        int status = run(missing, "logs", "j", "-n", "ml");

        // Then
        assertThat(status).isEqualTo(127);
        assertThat(err()).startsWith("kubectl hpcenv: cannot run kubectl: ").contains("HPCENV_KUBECTL");
    }

    @Test
    void the_process_kubectl_runs_its_arguments_without_a_shell() throws IOException, InterruptedException {
        // Given: /bin/echo stands for kubectl; a shell would expand these
        ProcessKubectl echo = new ProcessKubectl("/bin/echo");

        // When
        Kubectl.Captured captured = echo.capture(List.of("$HOME", "a;b", "`id`", "*"), true);

        // Then
        assertThat(captured.exitCode()).isZero();
        assertThat(captured.stdout()).isEqualTo("$HOME a;b `id` *\n");
    }
}
