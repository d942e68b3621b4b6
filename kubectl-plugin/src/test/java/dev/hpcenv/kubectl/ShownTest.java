package dev.hpcenv.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** User text in error messages: one line, nothing a terminal would act on, bounded. */
class ShownTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("abc", "'abc'"),
                Arguments.of("a b", "'a b'"),
                Arguments.of("nœud 日本", "'nœud 日本'"),
                Arguments.of("a\nb", "'a\\x0ab'"),
                Arguments.of("a\r\tb\0", "'a\\x0d\\x09b\\x00'"),
                Arguments.of("\u001b[31mred", "'\\x1b[31mred'"),
                Arguments.of("a\u007fb", "'a\\x7fb'"),
                Arguments.of("a\u009bb", "'a\\u{009b}b'"),
                Arguments.of("\u202egnp.exe", "'\\u{202e}gnp.exe'"),
                Arguments.of("a\u2028b", "'a\\u{2028}b'"),
                Arguments.of("\ud800x", "'\\u{d800}x'"),
                Arguments.of("\ud83d\ude00", "'\ud83d\ude00'"),
                // U+1D800: its low 16 bits look like a surrogate; it is a letter and stays.
                Arguments.of("\ud836\udc00", "'\ud836\udc00'"));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void quotes_on_one_line(String text, String expected) {
        assertThat(Shown.quote(text)).isEqualTo(expected);
    }

    @Test
    void long_text_is_cut_with_its_length() {
        assertThat(Shown.quote("x".repeat(40))).isEqualTo("'" + "x".repeat(40) + "'");
        assertThat(Shown.quote("x".repeat(41))).isEqualTo("'" + "x".repeat(40) + "'... (41 characters)");
        assertThat(Shown.quote("😀".repeat(50))).isEqualTo("'" + "😀".repeat(40) + "'... (50 characters)");
    }
}
