package dev.hpcenv.operator.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kubernetes label selector semantics, as a table. */
class ClusterSelectorsTest {

    private static final Map<String, String> LABELS = Map.of("net", "ib", "site", "cscs");

    static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelectorBuilder()
                .addToMatchExpressions(new LabelSelectorRequirement(key, operator, List.of(values)))
                .build();
    }

    static Stream<Arguments> matching() {
        return Stream.of(
                Arguments.of("empty selector matches all", new LabelSelector(), true),
                Arguments.of(
                        "label equal",
                        new LabelSelectorBuilder().addToMatchLabels("net", "ib").build(),
                        true),
                Arguments.of(
                        "label differs",
                        new LabelSelectorBuilder()
                                .addToMatchLabels("net", "eth")
                                .build(),
                        false),
                Arguments.of(
                        "label absent",
                        new LabelSelectorBuilder()
                                .addToMatchLabels("gpu", "a100")
                                .build(),
                        false),
                Arguments.of("In holds", expression("site", "In", "lumi", "cscs"), true),
                Arguments.of("In fails", expression("site", "In", "lumi"), false),
                Arguments.of("In on a missing label", expression("gpu", "In", "a100"), false),
                Arguments.of("NotIn holds", expression("site", "NotIn", "lumi"), true),
                Arguments.of("NotIn on a missing label holds", expression("gpu", "NotIn", "a100"), true),
                Arguments.of("NotIn fails", expression("site", "NotIn", "cscs"), false),
                Arguments.of("Exists", expression("net", "Exists"), true),
                Arguments.of("Exists fails", expression("gpu", "Exists"), false),
                Arguments.of("DoesNotExist", expression("gpu", "DoesNotExist"), true),
                Arguments.of("DoesNotExist fails", expression("net", "DoesNotExist"), false),
                Arguments.of("an invalid selector matches nothing", expression("net", "Equals", "ib"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matching")
    void matchesAsKubernetesDoes(String name, LabelSelector selector, boolean expected) {
        assertThat(ClusterSelectors.matches(selector, LABELS)).isEqualTo(expected);
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of(expression("net", "In"), "s.matchExpressions[0].values: In needs at least one value"),
                Arguments.of(
                        expression("net", "Exists", "ib"),
                        "s.matchExpressions[0].values: Exists takes no values (hint: remove them, or use In)"),
                Arguments.of(
                        expression("net", "Equals", "ib"),
                        "s.matchExpressions[0].operator: 'Equals' is not In, NotIn, Exists or DoesNotExist"),
                Arguments.of(
                        expression("", "Exists"),
                        "s.matchExpressions[0].key: missing (hint: name the label, e.g. hpcenv.dev/interconnect)"));
    }

    @ParameterizedTest
    @MethodSource("problems")
    void badSelectorsAreNamedByField(LabelSelector selector, String problem) {
        assertThat(ClusterSelectors.problems(selector, "s")).containsExactly(problem);
    }
}
