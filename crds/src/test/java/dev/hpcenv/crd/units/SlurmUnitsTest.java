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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + quantity + "'");
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + duration + "'");
        assertThat(duration).doesNotMatch(CrdPatterns.DURATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0m", "0h0m", "0s"})
    void zeroDurationIsRefusedBecauseSlurmReadsItAsUnlimited(String duration) {
        assertThatThrownBy(() -> SlurmUnits.durationMinutes(duration)).hasMessageContaining("no limit");
        assertThat(duration).matches(CrdPatterns.ZERO_DURATION);
    }

    @ParameterizedTest
    @CsvSource({"1024Pi, 1099511627776", "1.5Gi, 1536", "0.5Ki, 1", "1125899906842624k, 1073741824000"})
    void memoryUpToTheLimitIsExact(String quantity, long mebibytes) {
        assertThat(SlurmUnits.memoryMebibytes(quantity)).isEqualTo(mebibytes);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "99999999999999Pi",
                "1025Pi",
                "1Ei",
                "2E",
                "9223372036854775808Ki",
                "99999999999999999999999999999999999999999999999999Gi"
            })
    void memoryBeyondTheLimitIsRefusedWithTheLimitNotAnOverflow(String quantity) {
        assertThatThrownBy(() -> SlurmUnits.memoryMebibytes(quantity))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit of 1024Pi per node")
                .hasMessageContaining("hint");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "100m|thousandths of a byte",
                "1e3|exponent",
                "1E9Mi|exponent",
                "4096|no unit",
                "1.5|no unit",
                "1Gb|not a quantity"
            })
    void everyOtherKubernetesSpellingIsRefusedWithItsOwnHint(String quantity, String hint) {
        assertThatThrownBy(() -> SlurmUnits.memoryMebibytes(quantity))
                .hasMessageContaining(hint)
                .hasMessageContaining("'" + quantity + "'");
    }

    @ParameterizedTest
    @CsvSource({"3650d, 5256000", "87600h, 5256000", "315360000s, 5256000"})
    void durationUpToTheLimitIsExact(String duration, long minutes) {
        assertThat(SlurmUnits.durationMinutes(duration)).isEqualTo(minutes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999d", "3651d", "3650d1s", "99999999999999999999999999m", "2147483648m"})
    void durationBeyondTheLimitIsRefusedNotTurnedIntoUnlimited(String duration) {
        assertThatThrownBy(() -> SlurmUnits.durationMinutes(duration))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit of 3650d");
    }

    @org.junit.jupiter.api.Test
    void aHostileMegabyteOfDigitsIsRefusedQuicklyAndQuotedShort() {
        String digits = "9".repeat(1 << 20);
        assertThatThrownBy(() -> SlurmUnits.memoryMebibytes(digits + "Gi"))
                .hasMessageContaining("characters)")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
        assertThatThrownBy(() -> SlurmUnits.durationMinutes(digits + "m")).hasMessageContaining("limit of 3650d");
    }
}
