package dev.hpcenv.operator.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SanitizerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("plain text", "68690a", "hi\n"),
                Arguments.of("tab kept", "6109620a", "a\tb\n"),
                Arguments.of("NUL", "610062", "a\\x00b"),
                Arguments.of("ESC of a colour code", "1b5b33316d72", "\\x1B[31mr"),
                Arguments.of("carriage return", "610d", "a\\x0D"),
                Arguments.of("DEL", "7f", "\\x7F"),
                Arguments.of("bell and backspace", "0708", "\\x07\\x08"),
                Arguments.of("C1 CSI (U+009B) as UTF-8", "c29b", "\\x9B"),
                Arguments.of("two-byte letter kept", "c3a9", "é"),
                Arguments.of("three-byte kept", "e282ac", "€"),
                Arguments.of("four-byte kept", "f09f9880", "😀"),
                Arguments.of("lone continuation", "80", "\uFFFD"),
                Arguments.of("overlong slash", "c0af", "\uFFFD\uFFFD"),
                Arguments.of("surrogate", "eda080", "\uFFFD\uFFFD\uFFFD"),
                Arguments.of("over U+10FFFF", "f4908080", "\uFFFD\uFFFD\uFFFD\uFFFD"),
                Arguments.of("truncated at the end", "61e282", "a\uFFFD"),
                Arguments.of("truncated before ASCII", "e28261", "\uFFFDa"),
                Arguments.of("invalid lead bytes", "fffe", "\uFFFD\uFFFD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void makesBytesSafeForATerminal(String name, String hex, String expected) {
        byte[] in = HexFormat.of().parseHex(hex);
        assertThat(new String(Sanitizer.sanitize(in), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesTheSameWhenTheBytesComeOneAtATime(String name, String hex, String expected) throws Exception {
        byte[] in = HexFormat.of().parseHex(hex);
        Sanitizer s = new Sanitizer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            s.write(new byte[] {b}, 0, 1, out);
        }
        s.finish(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
