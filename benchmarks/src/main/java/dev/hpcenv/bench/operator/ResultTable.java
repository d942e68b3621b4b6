package dev.hpcenv.bench.operator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The benchmark's figures, each beside its baseline or target, as a plain text table. */
final class ResultTable {

    private record Row(String figure, String measured, String baseline, Boolean met) {}

    private final List<Row> rows = new ArrayList<>();

    /** @param met whether the target is met; null when the row has no target */
    void row(String figure, String measured, String baseline, Boolean met) {
        rows.add(new Row(figure, measured, baseline, met));
    }

    void print(PrintStream out) {
        int f = Math.max(
                "figure".length(),
                rows.stream().mapToInt(r -> r.figure().length()).max().orElse(0));
        int m = Math.max(
                "measured".length(),
                rows.stream().mapToInt(r -> r.measured().length()).max().orElse(0));
        String format = "%-" + f + "s  %-" + m + "s  %-4s  %s%n";
        out.printf(format, "figure", "measured", "", "baseline / target");
        out.printf(format, "-".repeat(f), "-".repeat(m), "----", "-".repeat(17));
        for (Row r : rows) {
            out.printf(format, r.figure(), r.measured(), r.met() == null ? "" : r.met() ? "ok" : "MISS", r.baseline());
        }
    }
}
