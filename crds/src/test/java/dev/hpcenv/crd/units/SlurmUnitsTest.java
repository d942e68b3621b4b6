package dev.hpcenv.crd.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.crd.CrdPatterns;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlurmUnitsTest {

    @ParameterizedTest
    @CsvSource({"500Mi, 500", "64Gi, 65536", "1G, 954", "1.5Gi, 1536", "1k, 1", "1Ki, 1", "2Ti, 2097152", "0Mi, 0"})
    void memoryRoundsUpToMebibytes(String quantity, long mebibytes) {
        assertThat(SlurmUnits.memoryMebibytes(quantity)).isEqualTo(mebibytes);
        assertThat(quantity).matches(CrdPatterns.MEMORY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4000", "4GB", "4 Gi", "-1Gi", "Gi", "1e3M", ""})
    void memoryWithoutAUnitOrMalformedIsRefusedByParserAndSchemaAlike(String quantity) {
        assertThatThrownBy(() -> SlurmUnits.memoryMebibytes(quantity))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + quantity + "'");
        assertThat(quantity).doesNotMatch(CrdPatterns.MEMORY);
    }

    @ParameterizedTest
    @CsvSource({"30m, 30", "1h30m, 90", "2d12h, 3600", "45s, 1", "61s, 2", "1h0m1s, 61", "90m, 90"})
    void durationRoundsUpToMinutes(String duration, long minutes) {
        assertThat(SlurmUnits.durationMinutes(duration)).isEqualTo(minutes);
        assertThat(duration).matches(CrdPatterns.DURATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"01:30:00", "1h 30m", "30m1h", "1.5h", "30", "1w"})
    void malformedDurationIsRefusedByParserAndSchemaAlike(String duration) {
        assertThatThrownBy(() -> SlurmUnits.durationMinutes(duration))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + duration + "'");
        assertThat(duration).doesNotMatch(CrdPatterns.DURATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0m", "0h0m", "0s"})
    void zeroDurationIsRefusedBecauseSlurmReadsItAsUnlimited(String duration) {
        assertThatThrownBy(() -> SlurmUnits.durationMinutes(duration)).hasMessageContaining("no limit");
        assertThat(duration).matches(CrdPatterns.ZERO_DURATION);
    }
}
