package dev.hpcenv.operator.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.operator.logs.LogQuery;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogQueriesTest {

    @Test
    void noParametersAreTheWholeLog() {
        assertThat(LogQueries.parse(Map.of())).isEqualTo(LogQuery.ALL);
    }

    @Test
    void readsEveryParameter() {
        LogQuery q = LogQueries.parse(params(
                "follow",
                "true",
                "tailLines",
                "10",
                "sinceSeconds",
                "600",
                "task",
                "3",
                "node",
                "nid001.a-b_c",
                "timestamps",
                "1",
                "prefix",
                "true",
                "raw",
                "0"));
        assertThat(q)
                .isEqualTo(new LogQuery(
                        true,
                        OptionalInt.of(10),
                        Optional.of(Duration.ofMinutes(10)),
                        OptionalInt.of(3),
                        Optional.of("nid001.a-b_c"),
                        true,
                        true,
                        false));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("tailLines", "0"),
                Arguments.of("tailLines", "10000000"),
                Arguments.of("sinceSeconds", "1"),
                Arguments.of("sinceSeconds", "2147483647"),
                Arguments.of("task", "0"),
                Arguments.of("task", "2147483647"),
                Arguments.of("node", "n"),
                Arguments.of("node", "a".repeat(64)),
                Arguments.of("follow", "false"),
                Arguments.of("raw", "1"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("accepted")
    void acceptsTheLimits(String name, String value) {
        LogQueries.parse(params(name, value));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(params("tailLines", "-1"), "tailLines: '-1' is not a whole number from 0 to 10000000"),
                Arguments.of(
                        params("tailLines", "10000001"),
                        "tailLines: '10000001' is not a whole number from 0 to 10000000"),
                Arguments.of(params("tailLines", "ten"), "tailLines: 'ten' is not a whole number"),
                Arguments.of(
                        params("sinceSeconds", "0"), "sinceSeconds: '0' is not a whole number from 1 to 2147483647"),
                Arguments.of(params("sinceSeconds", "1.5"), "sinceSeconds: '1.5'"),
                Arguments.of(
                        params("task", "2147483648"), "task: '2147483648' is not a whole number from 0 to 2147483647"),
                Arguments.of(params("task", "+1"), "task: '+1'"),
                Arguments.of(params("node", "-n"), "node: '-n' is not a Slurm node name"),
                Arguments.of(params("node", "a".repeat(65)), "node: "),
                Arguments.of(params("node", "n\u001b[2J"), "node: 'n\\x1B[2J' is not"),
                Arguments.of(params("node", ""), "node: '' is not"),
                Arguments.of(params("follow", "yes"), "follow: 'yes' is not true, false, 1 or 0"),
                Arguments.of(params("prefix", "TRUE"), "prefix: 'TRUE' is not true, false, 1 or 0"),
                Arguments.of(
                        params("tail", "5"),
                        "unknown parameter 'tail': the log accepts follow, node, prefix, raw, "
                                + "sinceSeconds, tailLines, task, timestamps"),
                Arguments.of(Map.of("task", List.of("1", "2")), "task: given 2 times, at most once"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refused")
    void refusesNamingTheParameter(Map<String, List<String>> params, String message) {
        assertThatThrownBy(() -> LogQueries.parse(params))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\u001b");
    }

    private static Map<String, List<String>> params(String... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], Arrays.asList(pairs[i + 1]));
        }
        return m;
    }
}
