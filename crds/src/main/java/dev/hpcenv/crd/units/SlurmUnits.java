package dev.hpcenv.crd.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the resource spellings of the API (Kubernetes quantities, durations such as 1h30m) into the
 * whole numbers Slurm takes. The schema patterns in {@code CrdPatterns} admit exactly what these
 * methods parse; both round up, so a job never gets less than it asked for.
 */
public final class SlurmUnits {
    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)");
    private static final Pattern DURATION = Pattern.compile("(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?");
    private static final BigDecimal MEBIBYTE = BigDecimal.valueOf(1024L * 1024L);
    private static final Map<String, BigDecimal> UNIT_BYTES = Map.of(
            "Ki", BigDecimal.valueOf(1024L),
            "Mi", BigDecimal.valueOf(1024L).pow(2),
            "Gi", BigDecimal.valueOf(1024L).pow(3),
            "Ti", BigDecimal.valueOf(1024L).pow(4),
            "Pi", BigDecimal.valueOf(1024L).pow(5),
            "k", BigDecimal.valueOf(1000L),
            "M", BigDecimal.valueOf(1000L).pow(2),
            "G", BigDecimal.valueOf(1000L).pow(3),
            "T", BigDecimal.valueOf(1000L).pow(4),
            "P", BigDecimal.valueOf(1000L).pow(5));

    private SlurmUnits() {
    }

    /**
     * MiB for {@code sbatch --mem}, rounded up: {@code 1G} gives 954, {@code 64Gi} gives 65536.
     * Zero stays zero, which Slurm reads as "all memory of each node".
     *
     * @throws IllegalArgumentException naming the value and the accepted form
     */
    public static long memoryMebibytes(String quantity) {
        Matcher m = quantity == null ? null : QUANTITY.matcher(quantity);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("memory '" + quantity + "' is not a quantity with a unit "
                    + "(e.g. 500Mi, 64Gi, 16G)");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(UNIT_BYTES.get(m.group(2)));
        return bytes.divide(MEBIBYTE, 0, RoundingMode.CEILING).longValueExact();
    }

    /**
     * Whole minutes for {@code sbatch --time}, rounded up: {@code 1h30m} gives 90, {@code 45s} gives 1.
     *
     * @throws IllegalArgumentException naming the value and the accepted form; also for a zero
     *         duration, which Slurm would read as "no limit"
     */
    public static long durationMinutes(String duration) {
        Matcher m = duration == null || duration.isEmpty() ? null : DURATION.matcher(duration);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("time limit '" + duration + "' is not a duration such as 30m, 1h30m "
                    + "or 2d12h (days, hours, minutes, seconds, largest first)");
        }
        long seconds = part(m, 1) * 86_400 + part(m, 2) * 3_600 + part(m, 3) * 60 + part(m, 4);
        if (seconds == 0) {
            throw new IllegalArgumentException("time limit '" + duration + "' is zero; Slurm would read it as no "
                    + "limit at all");
        }
        return (seconds + 59) / 60;
    }

    private static long part(Matcher m, int group) {
        String digits = m.group(group);
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
