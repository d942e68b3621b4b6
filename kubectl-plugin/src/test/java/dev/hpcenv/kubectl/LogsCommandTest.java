package dev.hpcenv.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kubectl calls behind {@code kubectl hpcenv logs} and the exit status they lead to. */
class LogsCommandTest {

    private static final String LOG = "/apis/logs.hpcenv.dev/v1alpha1/namespaces/";
    private static final List<String> MINIFY = List.of("config", "view", "--minify", "-o", "jsonpath={..namespace}");

    private final FakeKubectl kubectl = new FakeKubectl();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Long> pauses = new ArrayList<>();

    private int run(String... args) throws Exception {
        LogsRequest request = LogsArguments.parse(List.of(args)).orElseThrow();
        return new LogsCommand(kubectl, new PrintStream(err, true, StandardCharsets.UTF_8), pauses::add, 3, 2000)
                .run(request);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void without_a_namespace_the_current_contexts_is_used() throws Exception {
        // Given
        kubectl.answer(0, "ml").answer(0, "");

        // When
        int status = run("train-1", "--tail=5");

        // Then
        assertThat(status).isZero();
        assertThat(kubectl.calls)
                .containsExactly(MINIFY, List.of("get", "--raw", LOG + "ml/hpcjobs/train-1/log?tailLines=5"));
        assertThat(kubectl.errorsShown).containsExactly(false, true);
    }

    @Test
    void a_context_without_namespace_or_an_unreadable_kubeconfig_means_default() throws Exception {
        // Given
        kubectl.answer(0, "").answer(0, "").answer(1, "").answer(0, "");

        // When
        int first = run("j");
        int second = run("j");

        // Then
        assertThat(first).isZero();
        assertThat(second).isZero();
        assertThat(kubectl.calls.get(1)).containsExactly("get", "--raw", LOG + "default/hpcjobs/j/log");
        assertThat(kubectl.calls.get(3)).containsExactly("get", "--raw", LOG + "default/hpcjobs/j/log");
    }

    @Test
    void a_current_namespace_that_is_no_namespace_name_is_refused() {
        // Given
        kubectl.answer(0, "ml\nother");

        // Then
        assertThatThrownBy(() -> run("j"))
                .isInstanceOf(UsageException.class)
                .hasMessage("the current context's namespace 'ml\\x0aother' is not " + Names.NAMESPACE
                        + "; give one with -n");
    }

    @Test
    void kubectl_flags_reach_every_kubectl_call() throws Exception {
        // Given
        kubectl.answer(0, "ml").answer(0, "").answer(0, "0,Succeeded");

        // When
        int status = run("j", "-f", "--context=prod", "--token", "t0k");

        // Then
        assertThat(status).isZero();
        List<String> flags = List.of("--context=prod", "--token=t0k");
        assertThat(kubectl.calls)
                .hasSize(3)
                .allSatisfy(call -> assertThat(call).endsWith(flags.toArray(String[]::new)));
        assertThat(kubectl.calls.get(2))
                .startsWith(
                        "get",
                        "hpcjobs.hpcenv.dev",
                        "j",
                        "-n",
                        "ml",
                        "-o",
                        "jsonpath={.status.exitCode},{.status.phase}");
        assertThat(err()).doesNotContain("t0k");
    }

    @Test
    void after_follow_the_exit_status_is_the_jobs() throws Exception {
        // Given
        kubectl.answer(0, "").answer(0, "3,Failed");

        // When
        int status = run("j", "-n", "ml", "-f");

        // Then
        assertThat(status).isEqualTo(3);
        assertThat(kubectl.calls.get(0)).containsExactly("get", "--raw", LOG + "ml/hpcjobs/j/log?follow=true");
        assertThat(kubectl.errorsShown).containsExactly(true, true);
        assertThat(pauses).isEmpty();
    }

    @Test
    void a_log_complete_before_the_status_shows_the_end_waits_for_the_status() throws Exception {
        // Given
        kubectl.answer(0, "").answer(0, ",Running").answer(0, ",Running").answer(0, "0,Succeeded");

        // When
        int status = run("j", "-n", "ml", "-f");

        // Then
        assertThat(status).isZero();
        assertThat(pauses).containsExactly(2000L, 2000L);
        assertThat(err())
                .contains("the output of hpcjob j is complete; waiting for its status to show the end (phase Running)");
    }

    @Test
    void a_stream_that_ended_while_the_job_still_runs_fails() throws Exception {
        // Given
        kubectl.answer(0, "").answer(0, ",Running").answer(0, ",Running").answer(0, ",Running");

        // When
        int status = run("j", "-n", "ml", "-f");

        // Then
        assertThat(status).isEqualTo(1);
        assertThat(err())
                .contains("the log stream of hpcjob j in ml ended but the job is still Running; run the command again");
    }

    @Test
    void a_kubectl_failure_is_the_exit_status_and_nothing_more_is_asked() throws Exception {
        // Given: kubectl printed the server's 404 or 403 and exited 1
        kubectl.answer(1, "");

        // When
        int status = run("j", "-n", "ml", "-f");

        // Then
        assertThat(status).isEqualTo(1);
        assertThat(kubectl.calls).hasSize(1);
    }

    @Test
    void a_job_gone_before_its_status_was_read_is_kubectls_failure() throws Exception {
        // Given
        kubectl.answer(0, "").answer(1, "");

        // Then
        assertThat(run("j", "-n", "ml", "-f")).isEqualTo(1);
    }
}
