package dev.hpcenv.kube.embedded.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.kube.embedded.discovery.BuiltInResources;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns of {@code kubectl get} per kind: the CRD's additionalPrinterColumns for custom kinds
 * (Age alone if it declares none, as the API server defaults it), and columns like a cluster's for
 * the built-in kinds.
 */
public final class TableColumns {

    private final CellValues cells;

    public TableColumns(CellValues cells) {
        this.cells = cells;
    }

    public List<PrinterColumn> forType(ResourceType type) {
        if (type.equals(BuiltInResources.EVENTS)) {
            return eventColumns("involvedObject", "lastTimestamp", "message");
        }
        if (type.equals(BuiltInResources.EVENTS_V1)) {
            return eventColumns("regarding", "deprecatedLastTimestamp", "note");
        }
        List<PrinterColumn> columns = new ArrayList<>();
        columns.add(PrinterColumn.nameColumn());
        if (!type.printerColumns().isEmpty()) {
            for (ResourceType.ColumnDefinition c : type.printerColumns()) {
                columns.add(cells.column(c.name(), c.type(), c.description(), c.priority(), c.jsonPath()));
            }
            return columns;
        }
        columns.addAll(builtIn(type));
        return columns;
    }

    private List<PrinterColumn> builtIn(ResourceType type) {
        if (type.equals(BuiltInResources.NAMESPACES)) {
            return List.of(path("Status", ".status.phase"), age());
        }
        if (type.equals(BuiltInResources.SECRETS)) {
            return List.of(path("Type", ".type"), count("Data", "data", "stringData"), age());
        }
        if (type.equals(BuiltInResources.CONFIG_MAPS)) {
            return List.of(count("Data", "data", "binaryData"), age());
        }
        if (type.equals(BuiltInResources.SERVICE_ACCOUNTS)) {
            return List.of(count("Secrets", "secrets"), age());
        }
        if (type.equals(BuiltInResources.LEASES)) {
            return List.of(path("Holder", ".spec.holderIdentity"), age());
        }
        if (type.equals(BuiltInResources.CUSTOM_RESOURCE_DEFINITIONS)) {
            return List.of(path("Created At", ".metadata.creationTimestamp"));
        }
        return List.of(age());
    }

    private List<PrinterColumn> eventColumns(String objectField, String lastSeenField, String messageField) {
        PrinterColumn lastSeen =
                new PrinterColumn("Last Seen", "string", "", "Time of the last occurrence.", 0, event -> {
                    JsonNode last = event.path(lastSeenField);
                    JsonNode time = last.isTextual() ? last : event.path("eventTime");
                    return time.isTextual() ? cells.age(time.asText()) : null;
                });
        PrinterColumn object =
                new PrinterColumn("Object", "string", "", "The object this event is about.", 0, event -> {
                    JsonNode ref = event.path(objectField);
                    return ref.path("kind").asText().toLowerCase(Locale.ROOT) + "/"
                            + ref.path("name").asText();
                });
        // As on a cluster, events list without a NAME column (it is there with -o wide).
        PrinterColumn name = PrinterColumn.nameColumn();
        return List.of(
                lastSeen,
                path("Type", ".type"),
                path("Reason", ".reason"),
                object,
                path("Message", "." + messageField),
                new PrinterColumn(name.name(), name.type(), name.format(), name.description(), 1, name.cell()));
    }

    private PrinterColumn path(String name, String jsonPath) {
        return cells.column(name, "string", "", 0, jsonPath);
    }

    private PrinterColumn age() {
        return cells.column("Age", "date", "Time since the object was created.", 0, ".metadata.creationTimestamp");
    }

    private static PrinterColumn count(String name, String... fields) {
        return new PrinterColumn(name, "integer", "", "Number of entries.", 0, object -> {
            long count = 0;
            for (String field : fields) {
                JsonNode value = object.path(field);
                count += value.isContainerNode() ? value.size() : 0;
            }
            return count;
        });
    }
}
