package dev.hpcenv.operator.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogSettingsTest {

    @Test
    void defaultsLeaveTheLogServerOff() {
        LogSettings s = LogSettings.fromEnvironment(Map.of());
        assertThat(s.enabled()).isFalse();
        assertThat(s.maxBytes()).isEqualTo(10L << 20);
        assertThat(s.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(s.ingestPort()).isEqualTo(8444);
        assertThat(s.tls()).isFalse();
    }

    @Test
    void readsEverySetting() {
        LogSettings s = LogSettings.fromEnvironment(Map.of(
                "HPCENV_LOG_DIR", "/var/lib/hpcenv/logs",
                "HPCENV_LOG_MAX_BYTES", "20Mi",
                "HPCENV_LOG_RETENTION", "36h",
                "HPCENV_LOG_KEY_FILE", "/etc/hpcenv/ingest.key",
                "HPCENV_LOG_INGEST_PORT", "9444",
                "HPCENV_LOG_TLS_CERT", "/tls/tls.crt",
                "HPCENV_LOG_TLS_KEY", "/tls/tls.key"));
        assertThat(s)
                .isEqualTo(new LogSettings(
                        Optional.of(Path.of("/var/lib/hpcenv/logs")),
                        20L << 20,
                        Duration.ofHours(36),
                        Optional.of(Path.of("/etc/hpcenv/ingest.key")),
                        9444,
                        Optional.of(Path.of("/tls/tls.crt")),
                        Optional.of(Path.of("/tls/tls.key"))));
        assertThat(s.effectiveKeyFile()).contains(Path.of("/etc/hpcenv/ingest.key"));
        assertThat(LogSettings.inDirectory(Path.of("/d")).effectiveKeyFile()).contains(Path.of("/d/ingest.key"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(Map.of("HPCENV_LOG_DIR", "logs"), "HPCENV_LOG_DIR: 'logs' is not an absolute path"),
                Arguments.of(Map.of("HPCENV_LOG_MAX_BYTES", "10MB"), "HPCENV_LOG_MAX_BYTES: '10MB' is not a size"),
                Arguments.of(
                        Map.of("HPCENV_LOG_MAX_BYTES", "1Ki"),
                        "HPCENV_LOG_MAX_BYTES: 1024 bytes is outside 64Ki to 64Gi"),
                Arguments.of(Map.of("HPCENV_LOG_MAX_BYTES", "65Gi"), "HPCENV_LOG_MAX_BYTES: '65Gi' is over 64Gi"),
                Arguments.of(
                        Map.of("HPCENV_LOG_RETENTION", "7 days"), "HPCENV_LOG_RETENTION: '7 days' is not a duration"),
                Arguments.of(Map.of("HPCENV_LOG_RETENTION", "0d"), "HPCENV_LOG_RETENTION: '0d' is not a duration"),
                Arguments.of(
                        Map.of("HPCENV_LOG_INGEST_PORT", "65536"), "HPCENV_LOG_INGEST_PORT: '65536' is not a port"),
                Arguments.of(
                        Map.of("HPCENV_LOG_INGEST_PORT", "https"), "HPCENV_LOG_INGEST_PORT: 'https' is not a port"),
                Arguments.of(
                        Map.of("HPCENV_LOG_KEY_FILE", "key"), "HPCENV_LOG_KEY_FILE: 'key' is not an absolute path"),
                Arguments.of(
                        Map.of("HPCENV_LOG_TLS_CERT", "/c.pem"),
                        "HPCENV_LOG_TLS_CERT and HPCENV_LOG_TLS_KEY go together"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refused")
    void refusesBadValuesInOneLine(Map<String, String> env, String message) {
        assertThatThrownBy(() -> LogSettings.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }
}
