package dev.hpcenv.kube.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import java.util.List;

/**
 * Turns an object or a list into a {@code meta.k8s.io/v1} Table, which is what kubectl asks for
 * ({@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}) to print columns; without it,
 * kubectl falls back to NAME and AGE.
 */
public final class TableRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TableColumns columns;

    public TableRenderer(TableColumns columns) {
        this.columns = columns;
    }

    /** Whether an Accept header asks for a Table (kubectl lists Table first, then plain JSON). */
    public static boolean wantsTable(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    /** The Table for a single object or a {@code *List}; {@code include} decides each row's object. */
    public ObjectNode render(ResourceType type, JsonNode objectOrList, IncludeObject include) {
        List<PrinterColumn> cols = columns.forType(type);
        ObjectNode table = JSON.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        JsonNode listMeta = objectOrList.path("metadata");
        if (objectOrList.has("items")) {
            copyText(listMeta, metadata, "resourceVersion");
            copyText(listMeta, metadata, "continue");
        } else {
            copyText(listMeta, metadata, "resourceVersion");
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (PrinterColumn column : cols) {
            definitions
                    .addObject()
                    .put("name", column.name())
                    .put("type", column.type())
                    .put("format", column.format())
                    .put("description", column.description())
                    .put("priority", column.priority());
        }
        ArrayNode rows = table.putArray("rows");
        if (objectOrList.has("items")) {
            objectOrList.get("items").forEach(item -> rows.add(row(cols, item, include)));
        } else {
            rows.add(row(cols, objectOrList, include));
        }
        return table;
    }

    private static ObjectNode row(List<PrinterColumn> cols, JsonNode object, IncludeObject include) {
        ObjectNode row = JSON.createObjectNode();
        ArrayNode cells = row.putArray("cells");
        for (PrinterColumn column : cols) {
            cells.add(JSON.valueToTree(column.cell().apply(object)));
        }
        switch (include) {
            case OBJECT -> row.set("object", object);
            case METADATA -> {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", object.path("metadata").deepCopy());
            }
            case NONE -> {}
        }
        return row;
    }

    private static void copyText(JsonNode from, ObjectNode to, String field) {
        if (from.path(field).isTextual()) {
            to.put(field, from.get(field).asText());
        }
    }
}
