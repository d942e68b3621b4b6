package dev.hpcenv.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void theFastPathReadsWhatTheGeneralParserReads() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, 253402300799L));
            String text = Timestamps.format(instant);
            assertThat(Timestamps.parseKubernetesForm(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void otherFormsAndNonsenseGoToTheGeneralParserOrAreNull() {
        assertThat(Timestamps.parse("2026-01-02T03:04:05.123Z")).isEqualTo(Instant.parse("2026-01-02T03:04:05.123Z"));
        assertThat(Timestamps.parse("2026-01-02T03:04:05+01:00")).isEqualTo(Instant.parse("2026-01-02T02:04:05Z"));
        assertThat(Timestamps.parseKubernetesForm("2026-02-30T00:00:00Z")).isNull();
        assertThat(Timestamps.parse("2026-02-30T00:00:00Z")).isNull();
        assertThat(Timestamps.parseKubernetesForm("2026-01-02T24:00:00Z")).isNull();
        assertThat(Timestamps.parse("2026-0a-02T03:04:05Z")).isNull();
        assertThat(Timestamps.parse("yesterday")).isNull();
        assertThat(Timestamps.parse(null)).isNull();
    }
}
