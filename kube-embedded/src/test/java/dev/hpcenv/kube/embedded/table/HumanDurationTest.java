package dev.hpcenv.kube.embedded.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

    @ParameterizedTest
    @CsvSource({
        "-5, <invalid>",
        "-1, 0s",
        "0, 0s",
        "119, 119s",
        "120, 2m",
        "185, 3m5s",
        "600, 10m",
        "10799, 179m",
        "10800, 3h",
        "11700, 3h15m",
        "28800, 8h",
        "172799, 47h",
        "172800, 2d",
        "183600, 2d3h",
        "691200, 8d",
        "63072000, 2y",
        "66528000, 2y40d",
        "252288000, 8y"
    })
    void bucketsAgesLikeKubectl(long seconds, String expected) {
        assertThat(HumanDuration.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }
}
