package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.shim.support.CapturedStderr;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LogShippingTest {
    private static final String TOKEN = "hl1.am9iLXVpZA.c2VjcmV0LXNpZ25hdHVyZQ";

    @RegisterExtension
    final CapturedStderr stderr = new CapturedStderr();

    /**
     * HPCENV_LOG_CA is parsed on the sender thread, off the task's path: one without a usable
     * certificate is one warning there, and the buffer takes nothing more.
     */
    @Test
    void aCaWithoutCertificatesStopsTheSenderWithOneWarningAndTheBufferTakesNothing() {
        LogSettings settings = LogSettings.from(Map.of(
                        LogSettings.URL,
                        "https://ingest.example:8443",
                        LogSettings.TOKEN,
                        TOKEN,
                        LogSettings.CA,
                        "-----BEGIN CERTIFICATE-----\n" + TOKEN + "\n-----END CERTIFICATE-----"))
                .orElseThrow();
        RecordBuffer buffer = new RecordBuffer(1 << 20);

        LogShipping.sender(settings, new SenderId("n", 0, 1), buffer, new Redaction(TOKEN))
                .run();

        assertThat(buffer.disabled()).isTrue();
        byte[] more = "more\n".getBytes(StandardCharsets.UTF_8);
        buffer.output(Records.STDOUT, 1, more, 0, more.length);
        assertThat(buffer.used()).isZero();
        String printed = stderr.text();
        assertThat(printed.lines()).hasSize(1);
        assertThat(printed).contains("event=log.ca variable=HPCENV_LOG_CA").doesNotContain(TOKEN);
    }
}
