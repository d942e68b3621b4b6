package dev.hpcenv.operator.realapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Removes what each API server decides on its own (identity, versions, times, field managers), so
 * that two servers' copies of the same writes compare equal exactly when the writes meant the same.
 * {@code generation} stays: both servers must bump it, or not, alike.
 */
final class ServerOwnedFields {

    private static final List<String> METADATA =
            List.of("uid", "resourceVersion", "creationTimestamp", "managedFields");

    private ServerOwnedFields() {}

    static JsonNode normalise(JsonNode stored) {
        if (stored == null) {
            return null;
        }
        ObjectNode copy = stored.deepCopy();
        ObjectNode metadata = (ObjectNode) copy.get("metadata");
        if (metadata != null) {
            metadata.remove(METADATA);
            if (metadata.has("deletionTimestamp")) {
                metadata.put("deletionTimestamp", "(set)");
            }
        }
        if ("Event".equals(copy.path("kind").asText())) {
            // The recorder names an Event after its object plus a random suffix; the involved UID is per server.
            metadata.put("name", metadata.path("name").asText().replaceFirst("\\.[^.]*$", ".(random)"));
            ObjectNode involved = (ObjectNode) copy.get("involvedObject");
            involved.remove(List.of("uid", "resourceVersion"));
        }
        return copy;
    }
}
