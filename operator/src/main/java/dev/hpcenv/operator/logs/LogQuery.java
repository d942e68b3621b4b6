package dev.hpcenv.operator.logs;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a reader asked for (docs/job-output.md, section 4). The store's read implementation parses
 * the query parameters into one ({@code LogQueries.parse} in the store package) and refuses a bad one
 * naming the parameter.
 */
public record LogQuery(
        boolean follow,
        OptionalInt tailLines,
        Optional<Duration> since,
        OptionalInt task,
        Optional<String> node,
        boolean timestamps,
        boolean prefix,
        boolean raw) {

    public static final LogQuery ALL = new LogQuery(
            false, OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty(), false, false, false);
}
