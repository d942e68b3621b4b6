package dev.hpcenv.kube.embedded.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared validation cases themselves: names unique (the known-difference list refers to them),
 * and the sample resources of crds/validation-cases given their verdicts by the embedded API (the
 * other tables run in ProjectCelRulesTest, IntegerBoundsTableTest, StructuralSchemaTest and
 * TransitionRulesTest; all of them in CrdsRealApiIT against a real kube-apiserver).
 */
class ValidationCasesTest {

    @RegisterExtension
    static final EmbeddedCases.PerClass embedded = EmbeddedCases.perClass();

    @Test
    void everyCaseHasItsOwnNameAndEveryKnownDifferenceNamesOne() {
        List<String> names =
                ValidationCases.all().stream().map(ValidationCase::name).toList();

        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).containsAll(KnownDifferences.CASES.keySet());
        assertThat(ValidationCases.samples()).hasSizeGreaterThanOrEqualTo(30);
    }

    static List<ValidationCase> samples() {
        return ValidationCases.samples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theEmbeddedApiGivesEachSampleItsVerdict(ValidationCase c) {
        embedded.assertVerdict(c);
    }
}
