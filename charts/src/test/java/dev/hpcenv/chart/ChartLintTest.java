package dev.hpcenv.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

    @Test
    void strictLintFindsNoWarningOrError() {
        LintResult lint = ChartRenderer.forRepositoryChart().lint();

        assertThat(lint.isFailed())
                .as("helm lint --strict failed: %s", lint.getMessages())
                .isFalse();
        assertThat(lint.getMessages())
                .as("helm lint --strict reported more than information")
                .allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
    }
}
