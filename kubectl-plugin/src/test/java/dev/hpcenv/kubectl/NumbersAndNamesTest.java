package dev.hpcenv.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The value checks behind the flags, at and past their limits. */
class NumbersAndNamesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "7, 7",
        "0000000000000000000042, 42",
        "2147483647, 2147483647",
        "2147483648, -1",
        "9223372036854775808, -1",
        "'', -1",
        "-1, -1",
        "+1, -1",
        "1e3, -1",
        "'1 ', -1",
        "\u0661\u0662, -1",
        "\uff11, -1",
    })
    void whole_numbers(String text, int expected) {
        assertThat(Numbers.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "1s, 1",
        "30s, 30",
        "10m, 600",
        "1h30m, 5400",
        "1h30m15s, 5415",
        "2d, 172800",
        "1d1s, 86401",
        "90m, 5400",
        "24855d3h14m7s, 2147483647",
        "24855d3h14m8s, -1",
        "0s, -1",
        "0h0m, -1",
        "10, -1",
        "s, -1",
        "'', -1",
        "1h 30m, -1",
        "1H, -1",
        "10ms, -1",
        "1us, -1",
        "1.5h, -1",
        "-1s, -1",
        "+1s, -1",
        "99999999999999999999s, -1",
    })
    void durations_in_seconds(String text, long expected) {
        assertThat(Numbers.durationSeconds(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "a, true",
        "train-1, true",
        "a.b.c, true",
        "0, true",
        "A, false",
        "-a, false",
        "a-, false",
        ".a, false",
        "a., false",
        "a..b, false",
        "a_b, false",
        "'', false",
    })
    void job_names_are_dns_subdomains(String name, boolean valid) {
        assertThat(Names.isDnsSubdomain(name)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"a, true", "ml-team, true", "a.b, false", "Ml, false", "-a, false", "'', false"})
    void namespaces_are_dns_labels(String name, boolean valid) {
        assertThat(Names.isDnsLabel(name)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({"nid001234, true", "Node_1.a-b, true", "_n, false", "n/1, false", "n:1, false", "'', false"})
    void node_names(String name, boolean valid) {
        assertThat(Names.isNodeName(name)).isEqualTo(valid);
    }

    @org.junit.jupiter.api.Test
    void name_lengths_at_and_past_the_limits() {
        assertThat(Names.isDnsLabel("a".repeat(63))).isTrue();
        assertThat(Names.isDnsLabel("a".repeat(64))).isFalse();
        assertThat(Names.isDnsSubdomain("a".repeat(253))).isTrue();
        assertThat(Names.isDnsSubdomain("a".repeat(254))).isFalse();
        assertThat(Names.isNodeName("n".repeat(253))).isTrue();
        assertThat(Names.isNodeName("n".repeat(254))).isFalse();
    }
}
