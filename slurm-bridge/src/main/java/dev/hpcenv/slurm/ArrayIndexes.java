package dev.hpcenv.slurm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's array expression ({@code 0-99%10}, {@code 1,3,5-7}, {@code 0-15:4}) as the set of indexes it
 * names, counted without listing them: the expression of a job submitted with {@code --array} and the
 * {@code array_task_string} of the record that stands for an array's elements not started yet.
 *
 * @param ranges the ranges in the order written, each {@code start..end} in steps of {@code step}
 * @param limit  the {@code %K} limit of simultaneously running elements; null when none
 */
public record ArrayIndexes(List<Range> ranges, Integer limit) {

    /** Slurm's MaxArraySize is at most 4000001, so no real index is larger; a bitmap to that size is cheap. */
    private static final long BITMAP_LIMIT = 4_000_001L;

    private static final Pattern RANGE = Pattern.compile("([0-9]{1,10})(?:-([0-9]{1,10})(?::([0-9]{1,10}))?)?");

    /** Indexes {@code start}, {@code start + step}, ... up to {@code end}. */
    public record Range(long start, long end, long step) {
        public long count() {
            return (end - start) / step + 1;
        }
    }

    public ArrayIndexes {
        ranges = List.copyOf(ranges);
    }

    /**
     * Reads an expression. Slurm writes {@code array_task_string} the same way, so this serves both.
     *
     * @throws IllegalArgumentException naming the part that is not Slurm's syntax
     */
    public static ArrayIndexes parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("array expression is empty; e.g. 0-99, 1,3,5-7, 0-15:4 or 0-99%10");
        }
        String body = expression;
        Integer limit = null;
        int percent = expression.indexOf('%');
        if (percent >= 0) {
            body = expression.substring(0, percent);
            String k = expression.substring(percent + 1);
            if (!k.matches("[0-9]{1,9}") || Integer.parseInt(k) < 1) {
                throw new IllegalArgumentException("array expression '" + expression + "': %" + k
                        + " is no limit; %K needs K >= 1 (e.g. 0-99%10)");
            }
            limit = Integer.parseInt(k);
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : body.split(",", -1)) {
            Matcher m = RANGE.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "array expression '" + expression + "': '" + part + "' is not N, N-M or N-M:S (e.g. 0-15:4)");
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2) == null ? start : Long.parseLong(m.group(2));
            long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
            if (end < start || step < 1) {
                throw new IllegalArgumentException(
                        "array expression '" + expression + "': '" + part + "' needs N <= M and a step S >= 1");
            }
            ranges.add(new Range(start, end, step));
        }
        return new ArrayIndexes(ranges, limit);
    }

    /** How many distinct indexes the expression names (Slurm keeps them as a bitmap: a repeated index counts once). */
    public long count() {
        long max = ranges.stream().mapToLong(Range::end).max().orElse(-1);
        if (max >= BITMAP_LIMIT) {
            // Beyond any site's MaxArraySize (Slurm refuses it); overlaps are not worth a bitmap here.
            return ranges.stream().mapToLong(Range::count).sum();
        }
        BitSet set = new BitSet((int) max + 1);
        for (Range r : ranges) {
            if (r.step() == 1) {
                set.set((int) r.start(), (int) r.end() + 1);
            } else {
                for (long i = r.start(); i <= r.end(); i += r.step()) {
                    set.set((int) i);
                }
            }
        }
        return set.cardinality();
    }

    /** The largest index; Slurm refuses an array whose largest index is MaxArraySize or more. */
    public long maxIndex() {
        return ranges.stream().mapToLong(Range::end).max().orElse(0);
    }
}
