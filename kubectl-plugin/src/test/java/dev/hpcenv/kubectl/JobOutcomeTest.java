package dev.hpcenv.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {.status.exitCode},{.status.phase} of a followed job -> the plugin's exit status. */
class JobOutcomeTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0,Succeeded|true|0",
                ",Succeeded|true|0",
                "3,Failed|true|3",
                "255,Failed|true|255",
                "256,Failed|true|1",
                "-1,Failed|true|1",
                "0,Failed|true|1",
                ",Failed|true|1",
                ",Cancelled|true|1",
                "0,Cancelled|true|1",
                "137,Cancelled|true|137",
                "'3,Failed\n'|true|3",
                ",Running|false|1",
                ",Submitted|false|1",
                ",Pending|false|1",
                "','|false|1",
                "''|false|1",
            })
    void exit_status(String output, boolean ended, int exitCode) {
        // When
        JobOutcome outcome = JobOutcome.parse(output);

        // Then
        assertThat(outcome.ended()).isEqualTo(ended);
        assertThat(outcome.exitCode()).isEqualTo(exitCode);
    }
}
