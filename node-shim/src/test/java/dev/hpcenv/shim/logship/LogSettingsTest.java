package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.shim.error.ShimException;
import dev.hpcenv.shim.log.ShimLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogSettingsTest {
    private static final String TOKEN = "hl1.dXVpZA.c2lnbmF0dXJl";

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** url; token; expected base URL, or '-' when shipping is off. */
    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "http://10.0.0.1:8444;tok3n-secret;http://10.0.0.1:8444",
                "https://logs.example.org/;tok3n-secret;https://logs.example.org",
                "https://logs.example.org/base;tok3n-secret;https://logs.example.org/base",
                "'';tok3n-secret;-",
                "http://10.0.0.1:8444;'';-",
                "ftp://10.0.0.1;tok3n-secret;-",
                "not a url;tok3n-secret;-",
                "http://h/x?q=1;tok3n-secret;-",
                "http://h;'two words';-",
            })
    void shippingIsOnOnlyWithAnHttpUrlAndAToken(String url, String token, String expected) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Optional<LogSettings> s = LogSettings.from(env(LogSettings.URL, url, LogSettings.TOKEN, token));
            assertThat(s.map(x -> x.url().toString()).orElse("-")).isEqualTo(expected);
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(token.isEmpty() ? "\0" : token);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"'',8388608", "65536,65536", "64K,65536", "8M,8388608", "16MiB,16777216", "1g,1073741824"})
    void bufferSizes(String value, int bytes) {
        assertThat(LogSettings.bufferBytes(value)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0", "1000", "65535", "2G", "-1", "lots", "8MB2"})
    void aBadBufferSizeIsOneLineNamingTheVariableAndTheLimits(String value) {
        assertThatThrownBy(() -> LogSettings.from(
                        env(LogSettings.URL, "http://h:1", LogSettings.TOKEN, TOKEN, LogSettings.BUFFER, value)))
                .isInstanceOf(ShimException.class)
                .hasMessage("HPCENV_LOG_BUFFER=" + value + " is not a size between 64K and 1G");
    }

    @Test
    void theTokenIsNeverInTheSettingsText() {
        LogSettings s = LogSettings.from(env(LogSettings.URL, "http://h:1", LogSettings.TOKEN, TOKEN))
                .orElseThrow();
        assertThat(s.toString()).doesNotContain(TOKEN);
        assertThat(s.token()).isEqualTo(TOKEN);
    }

    @Test
    void stripRemovesEveryLogVariableAndNothingElse() {
        Map<String, String> in = env(
                LogSettings.URL,
                "u",
                LogSettings.TOKEN,
                "t",
                LogSettings.CA,
                "c",
                LogSettings.BUFFER,
                "1M",
                "HPCENV_LOGX",
                "kept",
                "HPCENV_SHIM_LOG",
                "debug",
                "PATH",
                "/bin");
        assertThat(LogSettings.strip(in)).containsOnlyKeys("HPCENV_LOGX", "HPCENV_SHIM_LOG", "PATH");
        Map<String, String> none = env("PATH", "/bin");
        assertThat(LogSettings.strip(none)).isSameAs(none);
    }

    @Test
    void aCaWithoutCertificatesIsRefusedWithoutItsContent() {
        assertThatThrownBy(() -> IngestClient.trusting("not a certificate " + TOKEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HPCENV_LOG_CA")
                .message()
                .doesNotContain(TOKEN);
        ShimLog.setInteractive(false);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "'';'';n1;n1;0;1",
                "3;0;n1;n1;3;1",
                "5;2;n1;n1;5;3",
                "x;-4;n 2;n+2;0;1",
            })
    void theSenderIsTheTaskOfTheJobOnTheNodeInThisAttempt(
            String procId, String restarts, String host, String node, int task, int attempt) {
        Map<String, String> e = new HashMap<>();
        if (!procId.isEmpty()) {
            e.put("SLURM_PROCID", procId);
        }
        if (!restarts.isEmpty()) {
            e.put("SLURM_RESTART_COUNT", restarts);
        }
        SenderId id = SenderId.of(e, host);
        assertThat(id).isEqualTo(new SenderId(host, task, attempt));
        assertThat(id.query(4)).isEqualTo("node=" + node + "&task=" + task + "&attempt=" + attempt + "&seq=4");
    }
}
