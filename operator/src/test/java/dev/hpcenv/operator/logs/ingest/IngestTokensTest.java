package dev.hpcenv.operator.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngestTokensTest {
    private static final byte[] KEY = new byte[32];
    private static final String UID = "3f0c9a52-1b7e-4d8a-9e55-0d6b5a8f2c11";
    private static final IngestTokens TOKENS;

    static {
        Arrays.fill(KEY, (byte) 7);
        TOKENS = new IngestTokens(KEY);
    }

    @Test
    void mintsTheDocumentedFormat() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update("hpcenv-log-ingest\0".getBytes(StandardCharsets.UTF_8));
        String expected = "hl1." + b64(UID.getBytes(StandardCharsets.UTF_8)) + "."
                + b64(mac.doFinal(UID.getBytes(StandardCharsets.UTF_8)));

        assertThat(TOKENS.mint(UID)).isEqualTo(expected);
        assertThat(TOKENS.verify(expected)).contains(UID);
    }

    static Stream<Arguments> refused() {
        String good = TOKENS.mint(UID);
        String[] parts = good.split("\\.");
        byte[] otherKey = new byte[32];
        return Stream.of(
                Arguments.of("another key's token", new IngestTokens(otherKey).mint(UID)),
                Arguments.of(
                        "another job's MAC",
                        parts[0] + "." + parts[1] + "."
                                + TOKENS.mint("other-uid").split("\\.")[2]),
                Arguments.of(
                        "the UID changed",
                        parts[0] + "." + b64("other-uid".getBytes(StandardCharsets.UTF_8)) + "." + parts[2]),
                Arguments.of("the MAC cut short", good.substring(0, good.length() - 2)),
                Arguments.of("padding added", good + "="),
                Arguments.of("another version", "hl2" + good.substring(3)),
                Arguments.of("an extra part", good + ".x"),
                Arguments.of("two parts", parts[0] + "." + parts[1]),
                Arguments.of("empty", ""),
                Arguments.of("null", null),
                Arguments.of("standard base64 letters", good.replace('-', '+').replace('_', '/') + "+"),
                Arguments.of(
                        "a UID that is a path",
                        "hl1." + b64("../../etc".getBytes(StandardCharsets.UTF_8)) + "." + parts[2]),
                Arguments.of("huge", "hl1." + "A".repeat(100_000) + "." + parts[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refuses(String name, String token) {
        assertThat(TOKENS.verify(token)).isEmpty();
    }

    @Test
    void neverShowsTheKey() {
        assertThat(TOKENS.toString())
                .doesNotContain(HexFormat.of().formatHex(KEY))
                .doesNotContain(b64(KEY));
    }

    @Test
    void mintsOnlyForUids() {
        assertThatThrownBy(() -> TOKENS.mint("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAKeyFileOfExactly32Bytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k");
        Files.write(file, KEY);
        assertThat(IngestTokens.fromKeyFile(file).mint(UID)).isEqualTo(TOKENS.mint(UID));

        Files.write(file, "secret-but-short\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> IngestTokens.fromKeyFile(file))
                .hasMessage("log ingest key " + file + ": 17 bytes, expected exactly 32 (make one with: head -c 32 "
                        + "/dev/urandom > " + file + ")")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> IngestTokens.fromKeyFile(dir.resolve("none")))
                .hasMessageStartingWith("log ingest key " + dir.resolve("none") + ": no such file");
    }

    @Test
    void makesTheKeyOnceWithMode0600(@TempDir Path dir) throws Exception {
        Path logs = dir.resolve("logs");
        String first = IngestTokens.loadOrCreate(logs).mint(UID);
        Path key = logs.resolve("ingest.key");

        assertThat(Files.size(key)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(IngestTokens.loadOrCreate(logs).mint(UID)).isEqualTo(first);
        try (Stream<Path> files = Files.list(logs)) {
            assertThat(files).containsExactly(key);
        }
    }

    @Test
    void usesTheKeyFileTheSettingsNameElseMakesOneInTheLogDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("given.key");
        Files.write(file, KEY);
        var withFile = dev.hpcenv.operator.logs.store.LogSettings.fromEnvironment(java.util.Map.of(
                "HPCENV_LOG_DIR", dir.resolve("logs").toString(), "HPCENV_LOG_KEY_FILE", file.toString()));
        assertThat(IngestTokens.forSettings(withFile).mint(UID)).isEqualTo(TOKENS.mint(UID));
        assertThat(dir.resolve("logs/ingest.key")).doesNotExist();

        var withoutFile = dev.hpcenv.operator.logs.store.LogSettings.inDirectory(dir.resolve("logs"));
        assertThat(IngestTokens.forSettings(withoutFile).mint(UID)).isNotEqualTo(TOKENS.mint(UID));
        assertThat(dir.resolve("logs/ingest.key")).exists();
    }

    @Test
    void operatorsStartingTogetherAgreeOnOneKey(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Callable<String> start = () -> IngestTokens.loadOrCreate(dir).mint(UID);
            List<Future<String>> tokens = pool.invokeAll(java.util.Collections.nCopies(8, start));
            String first = tokens.get(0).get();
            for (Future<String> t : tokens) {
                assertThat(t.get()).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
