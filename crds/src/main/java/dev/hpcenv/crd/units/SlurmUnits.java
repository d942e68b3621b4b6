package dev.hpcenv.crd.units;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the resource spellings of the API (Kubernetes quantities, durations such as 1h30m) into the
 * whole numbers Slurm takes. The schema patterns in {@code CrdPatterns} admit exactly what these
 * methods parse; both round up, so a job never gets less than it asked for. Numbers of any length
 * are read exactly and compared with Slurm's limits, so no spelling overflows: each refusal is an
 * {@link IllegalArgumentException} whose message names the value, the limit and what to write.
 */
public final class SlurmUnits {

    /**
     * The most memory per node a job may ask for: 1 EiB in MiB. Slurm keeps memory in MB in 64 bits,
     * with the top bit meaning "per CPU" and the values near 2^64 meaning unset or unlimited, and it
     * converts MB to bytes in places; 2^40 MiB stays clear of all of that and of any real node.
     */
    public static final long MAX_MEMORY_MEBIBYTES = 1L << 40;
    /**
     * The longest time limit a job may ask for: 3650 days in minutes. Slurm keeps the limit in minutes
     * in 32 bits (the top values mean unlimited) and turns it into seconds in places, where a limit
     * of 68 years or more overflows 32 bits and Slurm shows UNLIMITED.
     */
    public static final long MAX_TIME_LIMIT_MINUTES = 3650L * 24 * 60;

    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)");
    // Spellings Kubernetes knows that the API refuses for memory: each gets its own hint.
    private static final Pattern EXA = Pattern.compile("[0-9]+(?:\\.[0-9]+)?(Ei|E)");
    private static final Pattern MILLI = Pattern.compile("[0-9]+(?:\\.[0-9]+)?m");
    private static final Pattern EXPONENT = Pattern.compile("[0-9]+(?:\\.[0-9]+)?[eE][+-]?[0-9]+.*");
    private static final Pattern BARE = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");
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
    private static final String MEMORY_FORM =
            "a number with one of the units Ki Mi Gi Ti Pi or k M G T P, " + "e.g. 500Mi, 64Gi, 1.5Gi, 16G";

    private SlurmUnits() {}

    /**
     * MiB for {@code sbatch --mem}, rounded up: {@code 1G} gives 954, {@code 64Gi} gives 65536.
     * Zero stays zero, which Slurm reads as "all memory of each node".
     *
     * @throws IllegalArgumentException naming the value and the accepted form, or the limit
     *         ({@link #MAX_MEMORY_MEBIBYTES}) for a larger amount
     */
    public static long memoryMebibytes(String quantity) {
        if (quantity == null) {
            throw new IllegalArgumentException("memory is missing; write " + MEMORY_FORM);
        }
        Matcher m = QUANTITY.matcher(quantity);
        if (!m.matches()) {
            throw new IllegalArgumentException("memory '" + shortened(quantity) + "' " + memoryProblem(quantity));
        }
        BigInteger mebibytes = tooManyDigits(m.group(1))
                ? null
                : new BigDecimal(m.group(1))
                        .multiply(UNIT_BYTES.get(m.group(2)))
                        .divide(MEBIBYTE, 0, RoundingMode.CEILING)
                        .toBigIntegerExact();
        if (mebibytes == null || mebibytes.compareTo(BigInteger.valueOf(MAX_MEMORY_MEBIBYTES)) > 0) {
            throw new IllegalArgumentException("memory '" + shortened(quantity) + "' is more than the limit of 1024Pi "
                    + "per node (hint: ask for what one node has, e.g. 256Gi)");
        }
        return mebibytes.longValueExact();
    }

    private static String memoryProblem(String quantity) {
        if (EXA.matcher(quantity).matches()) {
            return "is more than the limit of 1024Pi per node (hint: ask for what one node has, e.g. 256Gi)";
        }
        if (MILLI.matcher(quantity).matches()) {
            return "is in thousandths of a byte (unit m), which is no memory size; write " + MEMORY_FORM;
        }
        if (EXPONENT.matcher(quantity).matches()) {
            return "uses an exponent, which is not accepted for memory; write " + MEMORY_FORM;
        }
        if (BARE.matcher(quantity).matches()) {
            return "has no unit (Slurm would read it as MB, Kubernetes as bytes); write " + MEMORY_FORM;
        }
        return "is not a quantity with a unit; write " + MEMORY_FORM;
    }

    /**
     * Whole minutes for {@code sbatch --time}, rounded up: {@code 1h30m} gives 90, {@code 45s} gives 1.
     *
     * @throws IllegalArgumentException naming the value and the accepted form; also for a zero
     *         duration, which Slurm would read as "no limit", and for one longer than
     *         {@link #MAX_TIME_LIMIT_MINUTES}
     */
    public static long durationMinutes(String duration) {
        Matcher m = duration == null || duration.isEmpty() ? null : DURATION.matcher(duration);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("time limit '" + shortened(duration) + "' is not a duration such as "
                    + "30m, 1h30m or 2d12h (days, hours, minutes, seconds, largest first)");
        }
        for (int group = 1; group <= 4; group++) {
            if (m.group(group) != null && tooManyDigits(m.group(group))) {
                throw tooLong(duration);
            }
        }
        BigInteger seconds = part(m, 1)
                .multiply(BigInteger.valueOf(86_400))
                .add(part(m, 2).multiply(BigInteger.valueOf(3_600)))
                .add(part(m, 3).multiply(BigInteger.valueOf(60)))
                .add(part(m, 4));
        if (seconds.signum() == 0) {
            throw new IllegalArgumentException(
                    "time limit '" + shortened(duration) + "' is zero; Slurm would read it as no "
                            + "limit at all (hint: leave it unset for the partition's default)");
        }
        BigInteger minutes = seconds.add(BigInteger.valueOf(59)).divide(BigInteger.valueOf(60));
        if (minutes.compareTo(BigInteger.valueOf(MAX_TIME_LIMIT_MINUTES)) > 0) {
            throw tooLong(duration);
        }
        return minutes.longValueExact();
    }

    private static IllegalArgumentException tooLong(String duration) {
        return new IllegalArgumentException("time limit '" + shortened(duration) + "' is longer than the limit of "
                + "3650d (hint: ask for what the partition allows, or leave it unset for the partition's default)");
    }

    /**
     * More integer digits than any value within the limits has: refused without arithmetic, which
     * on a hostile megabyte of digits would take long.
     */
    private static boolean tooManyDigits(String number) {
        int dot = number.indexOf('.');
        String whole = dot < 0 ? number : number.substring(0, dot);
        int significant = whole.length();
        for (int i = 0; i < whole.length() && whole.charAt(i) == '0'; i++) {
            significant--;
        }
        return significant > 24 || number.length() > 4096;
    }

    private static BigInteger part(Matcher m, int group) {
        String digits = m.group(group);
        return digits == null ? BigInteger.ZERO : new BigInteger(digits);
    }

    /** A value as it goes into a message: hostile input may be megabytes long. */
    private static String shortened(String value) {
        if (value == null) {
            return "null";
        }
        String head = value.length() <= 40 ? value : value.substring(0, 40);
        StringBuilder out = new StringBuilder();
        // Control characters escaped: the message goes into one-line conditions and logs.
        head.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return value.length() <= 40 ? out.toString() : out + "...(" + value.length() + " characters)";
    }
}
