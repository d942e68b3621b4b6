package dev.hpcenv.operator.logs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogApiSettingsTest {

    @Test
    void theDefaultsListenOn8443OnAllAddressesWithASelfSignedCertificate() {
        LogApiSettings settings = LogApiSettings.fromEnvironment(Map.of());

        assertThat(settings.port()).isEqualTo(8443);
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.address().isAnyLocalAddress()).isTrue();
        assertThat(settings.certificate()).isEmpty();
    }

    @Test
    void everySettingIsRead() {
        LogApiSettings settings = LogApiSettings.fromEnvironment(Map.of(
                "HPCENV_LOG_API_PORT", "9443",
                "HPCENV_LOG_API_ADDRESS", "172.29.210.1",
                "HPCENV_LOG_API_TLS_CERT", "/etc/hpcenv/log-api-tls/tls.crt",
                "HPCENV_LOG_API_TLS_KEY", "/etc/hpcenv/log-api-tls/tls.key"));

        assertThat(settings.port()).isEqualTo(9443);
        assertThat(settings.address().getHostAddress()).isEqualTo("172.29.210.1");
        assertThat(settings.certificate())
                .hasValue(new LogApiSettings.CertificateFiles(
                        Path.of("/etc/hpcenv/log-api-tls/tls.crt"), Path.of("/etc/hpcenv/log-api-tls/tls.key")));
    }

    @Test
    void minusOneTurnsTheApiOff() {
        assertThat(LogApiSettings.fromEnvironment(Map.of("HPCENV_LOG_API_PORT", "-1"))
                        .enabled())
                .isFalse();
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(Map.of("HPCENV_LOG_API_PORT", "https"), "HPCENV_LOG_API_PORT: 'https' is not a port"),
                Arguments.of(Map.of("HPCENV_LOG_API_PORT", "70000"), "HPCENV_LOG_API_PORT: '70000' is not a port"),
                Arguments.of(Map.of("HPCENV_LOG_API_PORT", "-2"), "HPCENV_LOG_API_PORT: '-2'"),
                Arguments.of(
                        Map.of("HPCENV_LOG_API_ADDRESS", "logs.example.org"),
                        "HPCENV_LOG_API_ADDRESS: 'logs.example.org' is not an IP address"),
                Arguments.of(Map.of("HPCENV_LOG_API_ADDRESS", "300.1.1.1"), "is not an IP address"),
                Arguments.of(
                        Map.of("HPCENV_LOG_API_TLS_CERT", "/tls.crt"),
                        "HPCENV_LOG_API_TLS_KEY is not set but HPCENV_LOG_API_TLS_CERT is"),
                Arguments.of(
                        Map.of("HPCENV_LOG_API_TLS_KEY", "/tls.key"),
                        "HPCENV_LOG_API_TLS_CERT is not set but HPCENV_LOG_API_TLS_KEY is"),
                Arguments.of(
                        Map.of("HPCENV_LOG_API_TLS_CERT", "tls.crt", "HPCENV_LOG_API_TLS_KEY", "/tls.key"),
                        "HPCENV_LOG_API_TLS_CERT: 'tls.crt' is not an absolute path"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badSettings")
    void aBadSettingIsOneLineNamingTheVariable(Map<String, String> env, String message) {
        assertThatThrownBy(() -> LogApiSettings.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
