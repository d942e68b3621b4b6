package dev.hpcenv.operator.logs.store;

import static dev.hpcenv.operator.logs.store.StoreFixture.T0;
import static dev.hpcenv.operator.logs.store.StoreFixture.err;
import static dev.hpcenv.operator.logs.store.StoreFixture.out;
import static dev.hpcenv.operator.logs.store.StoreFixture.query;
import static dev.hpcenv.operator.logs.store.StoreFixture.read;
import static dev.hpcenv.operator.logs.store.StoreFixture.sender;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.operator.logs.Sender;
import dev.hpcenv.operator.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a read shows for records as they arrived: prefixes, filters, tails, markers, sanitising. */
class LogRenderingTest {
    private static final Sender A0 = sender("a", 0);
    private static final Sender A1 = sender("a", 1);
    private static final Sender B2 = sender("b", 2);

    record Step(Sender sender, LogRecord record) {}

    private static Step s(Sender sender, LogRecord record) {
        return new Step(sender, record);
    }

    private static LogRecord bytes(int... b) {
        byte[] a = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = (byte) b[i];
        }
        return new LogRecord.Output(false, T0, a);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("plain", List.of(s(A0, out("x\n")), s(B2, out("y\n"))), Map.of(), "x\ny\n"),
                Arguments.of(
                        "prefix at each line start",
                        List.of(s(A0, out("x\ny\n")), s(B2, out("z\n"))),
                        Map.of("prefix", "true"),
                        "[a/0] x\n[a/0] y\n[b/2] z\n"),
                Arguments.of(
                        "a line cut into two records gets one prefix",
                        List.of(s(A0, out("par")), s(A0, out("tial\n"))),
                        Map.of("prefix", "true"),
                        "[a/0] partial\n"),
                Arguments.of(
                        "stdout and stderr are separate streams",
                        List.of(s(A0, err("e1\n")), s(A0, out("o1\n"))),
                        Map.of("prefix", "true"),
                        "[a/0] e1\n[a/0] o1\n"),
                Arguments.of(
                        "timestamps then prefix",
                        List.of(s(A0, out("x\n"))),
                        Map.of("prefix", "true", "timestamps", "true"),
                        "2026-12-06T21:40:33.123Z [a/0] x\n"),
                Arguments.of(
                        "task filter",
                        List.of(s(A0, out("a0\n")), s(A1, out("a1\n")), s(B2, out("b2\n"))),
                        Map.of("task", "1"),
                        "a1\n"),
                Arguments.of(
                        "node filter",
                        List.of(s(A0, out("a0\n")), s(A1, out("a1\n")), s(B2, out("b2\n"))),
                        Map.of("node", "a"),
                        "a0\na1\n"),
                Arguments.of(
                        "tailLines over the selection",
                        List.of(s(A0, out("1\n2\n")), s(B2, out("x\n")), s(A0, out("3\n"))),
                        Map.of("tailLines", "2", "node", "a"),
                        "2\n3\n"),
                Arguments.of(
                        "tailLines keeps a line cut into records whole",
                        List.of(s(A0, out("1\n2 pa")), s(A0, out("rt\n"))),
                        Map.of("tailLines", "1", "prefix", "true"),
                        "[a/0] 2 part\n"),
                Arguments.of("tailLines=0", List.of(s(A0, out("1\n"))), Map.of("tailLines", "0"), ""),
                Arguments.of(
                        "a gap is a marker line of its sender",
                        List.of(s(A0, out("x\n")), s(A0, new LogRecord.Gap(T0, 12345)), s(A0, out("y\n"))),
                        Map.of("prefix", "true"),
                        "[a/0] x\n[a/0] [hpcenv: 12345 bytes dropped]\n[a/0] y\n"),
                Arguments.of(
                        "a gap in mid-line ends the line first",
                        List.of(s(A0, out("abc")), s(A0, new LogRecord.Gap(T0, 7)), s(A0, out("d\n"))),
                        Map.of(),
                        "abc\n[hpcenv: 7 bytes dropped]\nd\n"),
                Arguments.of(
                        "escape sequences are shown, not sent",
                        List.of(s(A0, out("\u001b[31mred\u001b[0m\r\n"))),
                        Map.of(),
                        "\\x1B[31mred\\x1B[0m\\x0D\n"),
                Arguments.of(
                        "raw passes the bytes",
                        List.of(s(A0, out("\u001b[31mred\n"))),
                        Map.of("raw", "true"),
                        "\u001b[31mred\n"),
                Arguments.of(
                        "a character cut between records is put together",
                        List.of(s(A0, bytes(0x61, 0xC3)), s(A0, bytes(0xA9, 0x0A))),
                        Map.of(),
                        "a\u00e9\n"),
                Arguments.of(
                        "invalid UTF-8 and NUL",
                        List.of(s(A0, bytes(0x61, 0xFF, 0x00, 0x0A))),
                        Map.of(),
                        "a\uFFFD\\x00\n"),
                Arguments.of(
                        "sinceSeconds by record time",
                        List.of(s(A0, out(T0 - 120_000, "old\n")), s(A0, out(T0 - 30_000, "new\n"))),
                        Map.of("sinceSeconds", "60"),
                        "new\n"),
                Arguments.of(
                        "a failed pull's reason",
                        List.of(s(A0, new LogRecord.Note(T0, "pull failed: manifest unknown\u001b"))),
                        Map.of("prefix", "true"),
                        "[a/0] [hpcenv: pull failed: manifest unknown\\x1B]\n"),
                Arguments.of(
                        "end records are not lines",
                        List.of(s(A0, out("x\n")), s(A0, new LogRecord.End(T0, 3))),
                        Map.of(),
                        "x\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void showsTheSelectedLines(
            String name, List<Step> steps, Map<String, String> params, String expected, @TempDir Path dir)
            throws Exception {
        StoreFixture.Directory jobs = new StoreFixture.Directory();
        jobs.put("ns", "job", "uid-1", true);
        LogStore store =
                new LogStore(dir, 1 << 20, Duration.ofDays(7), jobs, new MutableClock(Instant.ofEpochMilli(T0)));
        Map<Sender, Long> seqs = new HashMap<>();
        for (Step step : steps) {
            long seq = seqs.merge(step.sender(), 1L, Long::sum);
            store.append("uid-1", step.sender(), seq, List.of(step.record()));
        }
        assertThat(read(store, "ns", "job", query(params))).isEqualTo(expected);
    }
}
