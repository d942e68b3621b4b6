package dev.hpcenv.kube.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.StringJoiner;

/** Converts JSONPath results into table cells the way the API server's CRD table convertor does. */
public final class CellValues {

    private final Clock clock;

    public CellValues(Clock clock) {
        this.clock = clock;
    }

    /** A printer column that evaluates {@code path} and converts the first match to {@code type}. */
    public PrinterColumn column(String name, String type, String description, int priority, String path) {
        SimpleJsonPath jsonPath = SimpleJsonPath.parse(path);
        return new PrinterColumn(
                name,
                type,
                "",
                description == null ? "" : description,
                priority,
                object -> convert(type, jsonPath.evaluate(object)));
    }

    /** The cell for the first value, or null (shown as {@code <none>}) when there is none or it has the wrong type. */
    public Object convert(String type, List<JsonNode> results) {
        if (results.isEmpty() || results.get(0).isNull()) {
            return null;
        }
        JsonNode value = results.get(0);
        return switch (type) {
            case "integer" -> value.isNumber() ? (Object) value.asLong() : null;
            case "number" -> value.isNumber() ? (Object) value.asDouble() : null;
            case "boolean" -> value.isBoolean() ? (Object) value.asBoolean() : null;
            case "date" -> value.isTextual() ? age(value.asText()) : null;
            default -> text(value);
        };
    }

    /** Age of an RFC 3339 timestamp, as kubectl shows it. */
    public String age(String timestamp) {
        try {
            return HumanDuration.format(Duration.between(Instant.parse(timestamp), clock.instant()));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    // Lists of scalars (such as the nodes of a job) read better joined than as JSON.
    private static String text(JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isArray() && allScalars(value)) {
            StringJoiner joined = new StringJoiner(",");
            value.forEach(element -> joined.add(element.asText()));
            return joined.toString();
        }
        return value.toString();
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isValueNode()) {
                return false;
            }
        }
        return true;
    }
}
