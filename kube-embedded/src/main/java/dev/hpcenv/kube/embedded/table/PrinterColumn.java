package dev.hpcenv.kube.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * One column of a {@code meta.k8s.io/v1} Table.
 *
 * @param type     the OpenAPI type kubectl expects: string, integer, number, boolean or date
 * @param format   "name" for the NAME column, otherwise empty
 * @param priority 0 for the default view, above 0 for {@code -o wide} only
 * @param cell     computes the cell from the whole object; returns null for an empty cell
 */
public record PrinterColumn(
        String name, String type, String format, String description, int priority, Function<JsonNode, Object> cell) {

    /** The NAME column every table starts with. */
    public static PrinterColumn nameColumn() {
        return new PrinterColumn(
                "Name",
                "string",
                "name",
                "Name must be unique within a namespace.",
                0,
                object -> object.path("metadata").path("name").asText());
    }
}
