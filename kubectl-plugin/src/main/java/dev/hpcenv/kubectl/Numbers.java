package dev.hpcenv.kubectl;

/**
 * Whole numbers and durations as the flags take them: ASCII digits only (no sign, no spaces, none of
 * the other scripts' digits that {@link Integer#parseInt} would take), bounded by the API's int range.
 */
final class Numbers {

    static final int MAX = Integer.MAX_VALUE;
    static final String SINCE = "a duration such as 30s, 10m, 1h30m or 2d (whole numbers with d, h, m or s;"
            + " at least 1s, at most " + MAX + " seconds)";

    private Numbers() {}

    /** The value of a string of ASCII digits when it is at most {@link #MAX}, else -1. */
    static int parse(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
            if (value > MAX) {
                return -1;
            }
        }
        return (int) value;
    }

    /**
     * Seconds of a duration like Go's (30s, 10m, 1h30m) plus days (2d, the unit of log retention), or -1
     * when it is not one or is outside 1 s to {@link #MAX} s. Go's fractions and sub-second units are not
     * taken: the API counts whole seconds.
     */
    static long durationSeconds(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long total = 0;
        int index = 0;
        while (index < text.length()) {
            long amount = 0;
            int digitsStart = index;
            while (index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
                amount = amount * 10 + (text.charAt(index) - '0');
                if (amount > MAX) {
                    return -1;
                }
                index++;
            }
            if (index == digitsStart || index == text.length()) {
                return -1;
            }
            long unit = switch (text.charAt(index)) {
                case 'd' -> 86_400;
                case 'h' -> 3_600;
                case 'm' -> 60;
                case 's' -> 1;
                default -> 0;
            };
            if (unit == 0) {
                return -1;
            }
            index++;
            total += amount * unit;
            if (total > MAX) {
                return -1;
            }
        }
        return total == 0 ? -1 : total;
    }
}
