package dev.hpcenv.edf.expand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VariableSyntaxTest {
    private static final Map<String, String> VARS = Map.of("SCRATCH", "/s", "EMPTY", "", "USER", "alice");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "${SCRATCH}/x|/s/x",
                "${SCRATCH:-/tmp}|/s",
                "${MISSING:-/tmp}|/tmp",
                "${EMPTY:-fallback}|fallback",
                "${MISSING:-}|''",
                "${MISSING:-${SCRATCH}/d}|/s/d",
                "${SCRATCH:-${MISSING}}|/s",
                "$${SCRATCH}|${SCRATCH}",
                "cost $$5|cost $5",
                "$USER stays|$USER stays",
                "a$|a$",
                "/users/${USER}/my-app|/users/alice/my-app",
            })
    void expands(String text, String expected) throws ExpansionProblem {
        assertThat(VariableSyntax.expand(text, VARS)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"${MISSING}", "x/${MISSING}/y", "${MISSING:-${ALSO_MISSING}}"})
    void undefinedVariablesAreErrorsNamingTheVariable(String text) {
        assertThatThrownBy(() -> VariableSyntax.expand(text, VARS))
                .isInstanceOfSatisfying(ExpansionProblem.class, p -> {
                    assertThat(p.kind()).isEqualTo(ExpansionProblem.Kind.UNDEFINED_VARIABLE);
                    assertThat(p.getMessage())
                            .startsWith("undefined variable ${")
                            .contains("MISSING");
                    assertThat(p.hint()).contains(":-}");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"${X", "${}", "${1X}", "${X:1}", "${X-d}", "${X:-unterminated"})
    void badSyntaxIsReportedWithoutVariables(String text) {
        assertThat(VariableSyntax.syntaxProblem(text))
                .isNotNull()
                .extracting(ExpansionProblem::kind)
                .isEqualTo(ExpansionProblem.Kind.SYNTAX);
    }
}
