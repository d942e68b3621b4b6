package dev.hpcenv.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Query values are percent-encoded: no text can end a parameter, add one or leave the query. */
class LogPathTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "n1|n1",
                "a b|a%20b",
                "a&task=1|a%26task%3D1",
                "a?b#c|a%3Fb%23c",
                "a+b|a%2Bb",
                "100%|100%25",
                "nœud|n%C5%93ud",
                "日本|%E6%97%A5%E6%9C%AC",
                "-._~|-._~",
                "a/../b|a%2F..%2Fb",
            })
    void hostile_text_is_percent_encoded(String text, String expected) {
        assertThat(LogPath.encode(text)).isEqualTo(expected);
    }

    @Test
    void control_characters_and_a_megabyte_stay_inside_one_value() {
        // Given
        String text = "x\ny\r\0\u001b" + "z".repeat(1 << 20);

        // When
        String encoded = LogPath.encode(text);

        // Then
        assertThat(encoded).startsWith("x%0Ay%0D%00%1Bzzz").hasSize(2 + 3 * 4 + (1 << 20));
        assertThat(encoded).matches("[A-Za-z0-9%._~-]*");
    }

    @Test
    void a_node_value_the_parser_would_refuse_still_cannot_add_a_parameter() {
        // Given: a request built around the parser, as a later caller might
        LogsRequest request = new LogsRequest(
                "j",
                Optional.empty(),
                false,
                OptionalInt.empty(),
                OptionalInt.empty(),
                OptionalInt.empty(),
                Optional.of("n1&raw=true&node=x y"),
                false,
                false,
                false,
                List.of());

        // When
        URI uri = URI.create(LogPath.of("ml", request));

        // Then
        assertThat(uri.getRawQuery()).isEqualTo("node=n1%26raw%3Dtrue%26node%3Dx%20y");
        assertThat(uri.getQuery()).isEqualTo("node=n1&raw=true&node=x y");
        assertThat(uri.getPath()).isEqualTo("/apis/logs.hpcenv.dev/v1alpha1/namespaces/ml/hpcjobs/j/log");
    }
}
