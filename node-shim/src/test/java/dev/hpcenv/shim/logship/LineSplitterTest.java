package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineSplitterTest {
    private final List<String> records = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();

    private LineSplitter splitter(int max) {
        return new LineSplitter(
                Records.STDOUT,
                (type, time, b, off, len) -> {
                    records.add(new String(b, off, len, StandardCharsets.UTF_8));
                    times.add(time);
                },
                max);
    }

    /**
     * Reads separated by '|', '~' is a newline; records (max 8 bytes) separated by '|', and what
     * waits for more after the last read.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "a~b~;a~b~;''",
                "abc;'';abc",
                "ab|c~d;abc~;d",
                "12345678901234567890;12345678|90123456;7890",
                "1234567~9;1234567~;9",
                "123456789~;12345678|9~;''",
                "aaaa~bbbb~cc;aaaa~|bbbb~;cc",
                "abcd|efgh|ij~;abcdefgh|ij~;''",
                "abcdef|gh~ij;abcdefgh|~;ij",
                "~~~~~~~~~~;~~~~~~~~|~~;''",
            })
    void recordsEndAtTheLastNewlineInReachAndAreAtMostTheLimit(String reads, String expected, String waiting) {
        LineSplitter s = splitter(8);
        long t = 0;
        for (String read : reads.split("\\|")) {
            byte[] b = read.replace('~', '\n').getBytes(StandardCharsets.UTF_8);
            s.accept(b, 0, b.length, t++);
        }
        List<String> before = List.copyOf(records);
        s.flush();
        List<String> expectedRecords = expected.isEmpty()
                ? List.of()
                : Arrays.asList(expected.replace('~', '\n').split("\\|"));
        assertThat(before).containsExactlyElementsOf(expectedRecords);
        assertThat(records.subList(before.size(), records.size()))
                .containsExactlyElementsOf(waiting.isEmpty() ? List.of() : List.of(waiting.replace('~', '\n')));
    }

    @Test
    void aLineBegunEarlierKeepsTheTimeOfItsFirstBytesAndNothingIsLostOrAdded() {
        LineSplitter s = splitter(Records.MAX_PAYLOAD);
        byte[] first = "start of a line".getBytes(StandardCharsets.UTF_8);
        s.accept(first, 0, first.length, 1000);
        byte[] rest = (" ends here\n" + "x".repeat(20_000) + "\ntail").getBytes(StandardCharsets.UTF_8);
        s.accept(rest, 0, rest.length, 2000);
        s.flush();
        assertThat(times.get(0)).isEqualTo(1000);
        assertThat(String.join("", records)).isEqualTo("start of a line" + new String(rest, StandardCharsets.UTF_8));
        assertThat(records).allMatch(r -> r.length() <= Records.MAX_PAYLOAD);
        assertThat(records.get(records.size() - 1)).isEqualTo("tail");
    }
}
