package dev.hpcenv.operator.logs.store;

import dev.hpcenv.operator.logs.LogQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The log API's query parameters (docs/job-output.md, section 4) as a {@link LogQuery}. A bad or
 * unknown parameter is an {@link IllegalArgumentException} whose one-line message names it and what
 * it accepts (the API answers 400 with it).
 */
public final class LogQueries {
    public static final int MAX_TAIL_LINES = 10_000_000;
    private static final Set<String> KNOWN = new TreeSet<>(
            List.of("follow", "tailLines", "sinceSeconds", "task", "node", "timestamps", "prefix", "raw"));

    private LogQueries() {}

    public static LogQuery parse(Map<String, List<String>> params) {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + Sanitizer.display(String.valueOf(name), 40)
                        + "': the log accepts " + String.join(", ", KNOWN));
            }
        }
        Optional<String> node = single(params, "node");
        if (node.isPresent() && !NodeNames.valid(node.get())) {
            throw new IllegalArgumentException(
                    "node: '" + Sanitizer.display(node.get(), 80) + "' is not " + NodeNames.describe());
        }
        OptionalInt tail = integer(params, "tailLines", 0, MAX_TAIL_LINES);
        OptionalInt since = integer(params, "sinceSeconds", 1, Integer.MAX_VALUE);
        return new LogQuery(
                bool(params, "follow"),
                tail,
                since.isPresent() ? Optional.of(Duration.ofSeconds(since.getAsInt())) : Optional.empty(),
                integer(params, "task", 0, Integer.MAX_VALUE),
                node,
                bool(params, "timestamps"),
                bool(params, "prefix"),
                bool(params, "raw"));
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + ": given " + values.size() + " times, at most once");
        }
        return Optional.ofNullable(values.get(0));
    }

    private static boolean bool(Map<String, List<String>> params, String name) {
        Optional<String> value = single(params, name);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default ->
                throw new IllegalArgumentException(
                        name + ": '" + Sanitizer.display(value.get(), 40) + "' is not true, false, 1 or 0");
        };
    }

    private static OptionalInt integer(Map<String, List<String>> params, String name, int min, int max) {
        Optional<String> value = single(params, name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        String v = value.get();
        if (v.matches("\\d{1,10}")) {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return OptionalInt.of((int) n);
            }
        }
        throw new IllegalArgumentException(
                name + ": '" + Sanitizer.display(v, 40) + "' is not a whole number from " + min + " to " + max);
    }
}
