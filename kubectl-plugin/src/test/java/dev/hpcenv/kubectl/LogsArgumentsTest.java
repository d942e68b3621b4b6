package dev.hpcenv.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Command lines of {@code kubectl hpcenv logs} -> the API request, or the one-line error. */
class LogsArgumentsTest {

    private static final String LOG = "/apis/logs.hpcenv.dev/v1alpha1/namespaces/ml/hpcjobs/";
    private static final String MEGABYTE = "a".repeat(1 << 20);

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of(List.of("train-1"), LOG + "train-1/log"),
                Arguments.of(List.of("-f", "train-1"), LOG + "train-1/log?follow=true"),
                Arguments.of(List.of("train-1", "--follow"), LOG + "train-1/log?follow=true"),
                Arguments.of(List.of("train-1", "--follow=false"), LOG + "train-1/log"),
                Arguments.of(List.of("train-1", "-f=true"), LOG + "train-1/log?follow=true"),
                Arguments.of(List.of("train-1", "--tail", "20"), LOG + "train-1/log?tailLines=20"),
                Arguments.of(List.of("train-1", "--tail=0"), LOG + "train-1/log?tailLines=0"),
                Arguments.of(List.of("train-1", "--tail=-1"), LOG + "train-1/log"),
                Arguments.of(List.of("train-1", "--tail", "-1"), LOG + "train-1/log"),
                Arguments.of(List.of("train-1", "--tail=2147483647"), LOG + "train-1/log?tailLines=2147483647"),
                Arguments.of(List.of("train-1", "--tail=007"), LOG + "train-1/log?tailLines=7"),
                Arguments.of(List.of("train-1", "--since=10m"), LOG + "train-1/log?sinceSeconds=600"),
                Arguments.of(List.of("train-1", "--since", "1h30m"), LOG + "train-1/log?sinceSeconds=5400"),
                Arguments.of(List.of("train-1", "--since=2d"), LOG + "train-1/log?sinceSeconds=172800"),
                Arguments.of(List.of("train-1", "--since=1s"), LOG + "train-1/log?sinceSeconds=1"),
                Arguments.of(List.of("train-1", "--since=2147483647s"), LOG + "train-1/log?sinceSeconds=2147483647"),
                Arguments.of(List.of("train-1", "--task", "0"), LOG + "train-1/log?task=0"),
                Arguments.of(List.of("train-1", "--task=2147483647"), LOG + "train-1/log?task=2147483647"),
                Arguments.of(List.of("train-1", "--node", "nid001234"), LOG + "train-1/log?node=nid001234"),
                Arguments.of(List.of("train-1", "--node=Node_1.cluster-a"), LOG + "train-1/log?node=Node_1.cluster-a"),
                Arguments.of(List.of("train-1", "--task=3", "--node=node2"), LOG + "train-1/log?task=3&node=node2"),
                Arguments.of(List.of("train-1", "--timestamps"), LOG + "train-1/log?timestamps=true"),
                Arguments.of(List.of("train-1", "--prefix"), LOG + "train-1/log?prefix=true"),
                Arguments.of(List.of("train-1", "--raw"), LOG + "train-1/log?raw=true"),
                Arguments.of(
                        List.of(
                                "--raw",
                                "--prefix",
                                "--timestamps",
                                "--node",
                                "n1",
                                "--task",
                                "1",
                                "--since",
                                "5s",
                                "--tail",
                                "3",
                                "-f",
                                "train-1"),
                        LOG + "train-1/log?follow=true&tailLines=3&sinceSeconds=5&task=1&node=n1"
                                + "&timestamps=true&prefix=true&raw=true"),
                // pflag's forms: the last of a repeated flag wins, -fh style short booleans, -- ends flags.
                Arguments.of(List.of("train-1", "--tail=1", "--tail=2"), LOG + "train-1/log?tailLines=2"),
                Arguments.of(List.of("--", "train-1"), LOG + "train-1/log"),
                Arguments.of(List.of("a.b-c.0"), LOG + "a.b-c.0/log"));
    }

    @ParameterizedTest
    @MethodSource("valid")
    void valid_command_lines_become_the_api_path_and_query(List<String> args, String expected) throws Exception {
        // When
        LogsRequest request = LogsArguments.parse(args).orElseThrow();

        // Then
        assertThat(LogPath.of("ml", request)).isEqualTo(expected);
        assertThat(request.namespace()).isEmpty();
        assertThat(request.kubectlFlags()).isEmpty();
    }

    @Test
    void namespace_in_every_form() throws Exception {
        for (List<String> args : List.of(
                List.of("-n", "ml", "j"),
                List.of("-nml", "j"),
                List.of("-n=ml", "j"),
                List.of("j", "--namespace", "ml"),
                List.of("j", "--namespace=ml"))) {
            assertThat(LogsArguments.parse(args).orElseThrow().namespace())
                    .as("%s", args)
                    .contains("ml");
        }
    }

    @Test
    void kubectl_global_flags_are_handed_on_each_as_one_argument() throws Exception {
        // Given
        List<String> args = List.of(
                "j",
                "--kubeconfig",
                "/home/me/.kube/other config",
                "--context=prod",
                "--cluster",
                "c",
                "--user=u",
                "--token",
                "abc.def",
                "--as=alice",
                "--as-group",
                "g1",
                "--as-group=g2",
                "--as-uid=42",
                "--request-timeout=5s",
                "-s",
                "https://k:6443",
                "--tls-server-name=k",
                "--insecure-skip-tls-verify",
                "--certificate-authority=/ca.pem",
                "--client-certificate=/c.pem",
                "--client-key=/k.pem",
                "--cache-dir=/tmp/c",
                "-v=6");

        // When
        LogsRequest request = LogsArguments.parse(args).orElseThrow();

        // Then
        assertThat(request.kubectlFlags())
                .containsExactly(
                        "--kubeconfig=/home/me/.kube/other config",
                        "--context=prod",
                        "--cluster=c",
                        "--user=u",
                        "--token=abc.def",
                        "--as=alice",
                        "--as-group=g1",
                        "--as-group=g2",
                        "--as-uid=42",
                        "--request-timeout=5s",
                        "--server=https://k:6443",
                        "--tls-server-name=k",
                        "--insecure-skip-tls-verify=true",
                        "--certificate-authority=/ca.pem",
                        "--client-certificate=/c.pem",
                        "--client-key=/k.pem",
                        "--cache-dir=/tmp/c",
                        "--v=6");
        assertThat(LogPath.of("default", request))
                .isEqualTo("/apis/logs.hpcenv.dev/v1alpha1/namespaces/default/hpcjobs/j/log");
    }

    @Test
    void help_anywhere_asks_for_help() throws Exception {
        assertThat(LogsArguments.parse(List.of("-h"))).isEmpty();
        assertThat(LogsArguments.parse(List.of("j", "--help"))).isEmpty();
        assertThat(LogsArguments.parse(List.of("-fh", "j"))).isEmpty();
        assertThatThrownBy(() -> LogsArguments.parse(List.of("--no-such-flag", "-h")))
                .as("an unknown flag before -h is still an error")
                .hasMessageStartingWith("unknown flag '--no-such-flag'");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(List.of(), "JOB is missing: kubectl hpcenv logs JOB [flags] (kubectl hpcenv logs --help)"),
                Arguments.of(List.of("a", "b"), "one JOB only: 'a' and 'b' given"),
                Arguments.of(List.of("Train"), "JOB: 'Train' is not an HpcJob name (a DNS subdomain"),
                Arguments.of(List.of("-"), "JOB: '-' is not"),
                Arguments.of(List.of("j", "-x"), "unknown flag '-x'"),
                Arguments.of(List.of("j", "--follw"), "unknown flag '--follw'"),
                Arguments.of(List.of("j", "--t=1"), "unknown flag '--t' (one letter is a short flag"),
                Arguments.of(
                        List.of("j", "--tail"), "--tail needs a value: a whole number of lines from 0 to 2147483647"),
                Arguments.of(List.of("j", "--tail="), "--tail: '' is not a whole number of lines"),
                Arguments.of(List.of("j", "--tail=-2"), "--tail: '-2' is not"),
                Arguments.of(List.of("j", "--tail=+5"), "--tail: '+5' is not"),
                Arguments.of(List.of("j", "--tail= 5"), "--tail: ' 5' is not"),
                Arguments.of(List.of("j", "--tail=1.5"), "--tail: '1.5' is not"),
                Arguments.of(List.of("j", "--tail=2147483648"), "--tail: '2147483648' is not"),
                Arguments.of(
                        List.of("j", "--tail=99999999999999999999999"), "--tail: '99999999999999999999999' is not"),
                Arguments.of(List.of("j", "--tail=\u0663"), "--tail: '\u0663' is not"),
                Arguments.of(
                        List.of("j", "--since=10"), "--since: '10' is not a duration such as 30s, 10m, 1h30m or 2d"),
                Arguments.of(List.of("j", "--since=0s"), "--since: '0s' is not"),
                Arguments.of(List.of("j", "--since=-10m"), "--since: '-10m' is not"),
                Arguments.of(List.of("j", "--since=10ms"), "--since: '10ms' is not"),
                Arguments.of(List.of("j", "--since=1.5h"), "--since: '1.5h' is not"),
                Arguments.of(List.of("j", "--since=1w"), "--since: '1w' is not"),
                Arguments.of(List.of("j", "--since=h"), "--since: 'h' is not"),
                Arguments.of(List.of("j", "--since=2147483648s"), "--since: '2147483648s' is not"),
                Arguments.of(List.of("j", "--since=24856d"), "--since: '24856d' is not"),
                Arguments.of(List.of("j", "--since=9999999999999999999d"), "--since: '9999999999999999999d' is not"),
                Arguments.of(
                        List.of("j", "--task=-1"),
                        "--task: '-1' is not a task number (SLURM_PROCID) from 0 to 2147483647"),
                Arguments.of(List.of("j", "--task=2147483648"), "--task: '2147483648' is not"),
                Arguments.of(List.of("j", "--task", "one"), "--task: 'one' is not"),
                Arguments.of(List.of("j", "--node="), "--node: '' is not a node name"),
                Arguments.of(List.of("j", "--node=-n1"), "--node: '-n1' is not"),
                Arguments.of(List.of("j", "--node=n1&task=2"), "--node: 'n1&task=2' is not"),
                Arguments.of(List.of("j", "--node=n1?x"), "--node: 'n1?x' is not"),
                Arguments.of(List.of("j", "--node=node 1"), "--node: 'node 1' is not"),
                Arguments.of(List.of("j", "--node=nœud"), "--node: 'nœud' is not"),
                Arguments.of(List.of("j", "--node=n1\nforged line"), "--node: 'n1\\x0aforged line' is not"),
                Arguments.of(List.of("j", "--node=\u001b[2J"), "--node: '\\x1b[2J' is not"),
                Arguments.of(
                        List.of("j", "--node=" + "n".repeat(254)),
                        "--node: 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn'... (254 characters) is not"),
                Arguments.of(List.of("j", "-n", "ML"), "-n/--namespace: 'ML' is not a namespace name (a DNS label"),
                Arguments.of(List.of("j", "-n", "a.b"), "-n/--namespace: 'a.b' is not"),
                Arguments.of(
                        List.of("j", "-n", "x".repeat(64)),
                        "-n/--namespace: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (64 characters)"),
                Arguments.of(List.of("j", "-n"), "-n/--namespace needs a value: a namespace name"),
                Arguments.of(List.of("j", "--prefix=yes"), "--prefix: 'yes' is not true or false"),
                Arguments.of(
                        List.of("j", "--insecure-skip-tls-verify=maybe"),
                        "--insecure-skip-tls-verify: 'maybe' is not true or false"),
                Arguments.of(List.of("j", "--context="), "--context: needs a value on one line"),
                Arguments.of(List.of("j", "--token"), "--token needs a value: kubectl's --token"),
                Arguments.of(List.of("j", "-s"), "-s/--server needs a value"),
                Arguments.of(List.of("j&x=1"), "JOB: 'j&x=1' is not"),
                Arguments.of(List.of("j?follow=true"), "JOB: 'j?follow=true' is not"),
                Arguments.of(List.of("../../secrets"), "JOB: '../../secrets' is not"),
                Arguments.of(List.of("job name"), "JOB: 'job name' is not"),
                Arguments.of(List.of("jöb"), "JOB: 'jöb' is not"),
                Arguments.of(List.of("a..b"), "JOB: 'a..b' is not"),
                Arguments.of(List.of("a-"), "JOB: 'a-' is not"),
                Arguments.of(List.of("j\u202eb"), "JOB: 'j\\u{202e}b' is not"),
                Arguments.of(List.of("j\u009bb"), "JOB: 'j\\u{009b}b' is not"),
                Arguments.of(
                        List.of(MEGABYTE),
                        "JOB: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'... (1048576 characters) is not"),
                Arguments.of(
                        List.of("j", "--node=" + MEGABYTE),
                        "--node: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'... (1048576 characters) is not"),
                Arguments.of(
                        List.of("j", "--tail=" + "9".repeat(1 << 20)),
                        "--tail: '9999999999999999999999999999999999999999'... (1048576 characters) is not"),
                Arguments.of(
                        List.of("j", "--since=" + "1".repeat(1 << 20) + "s"),
                        "--since: '1111111111111111111111111111111111111111'... (1048577 characters) is not"),
                Arguments.of(
                        List.of("j", "--" + MEGABYTE),
                        "unknown flag '--aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'... (1048578 characters)"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalid_command_lines_get_one_line_naming_the_argument(List<String> args, String expected) {
        assertThatThrownBy(() -> LogsArguments.parse(args))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(expected)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("\n", "\r", "\u001b")
                        .hasSizeLessThan(300));
    }

    @Test
    void a_token_is_never_shown_in_an_error() {
        // Given
        List<String> args = new ArrayList<>(List.of("j", "--token=secret\nvalue"));

        // Then
        assertThatThrownBy(() -> LogsArguments.parse(args))
                .isInstanceOf(UsageException.class)
                .hasMessage("--token: needs a value on one line (kubectl's --token)");
    }
}
