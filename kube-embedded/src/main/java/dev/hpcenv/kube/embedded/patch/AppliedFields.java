package dev.hpcenv.kube.embedded.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields each server-side-apply manager owns, kept as a real API server keeps them: one
 * {@code metadata.managedFields} entry per manager with {@code operation: Apply} and the fields in
 * {@code fieldsV1} form ({@code {"f:spec":{"f:command":{}}}}). A field is a path of map keys; lists
 * are atomic, as in CRDs without list-type markers. Only Apply managers are recorded: a write of any
 * other kind takes the fields it changes away from them (as a real server moves ownership to the
 * writer), so a later apply never removes what someone else set since.
 */
public final class AppliedFields {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What identifies an object rather than states its content: never owned. */
    private static final Set<String> IDENTITY = Set.of("apiVersion", "kind");

    private AppliedFields() {}

    /** The field paths an apply configuration states (identity, status and server metadata left out). */
    static Set<List<String>> stated(JsonNode applied) {
        Set<List<String>> fields = new HashSet<>();
        applied.fields().forEachRemaining(field -> {
            String key = field.getKey();
            if (IDENTITY.contains(key) || key.equals("status")) {
                return;
            }
            if (key.equals("metadata")) {
                for (String owned : List.of("labels", "annotations", "finalizers", "ownerReferences")) {
                    JsonNode value = field.getValue().get(owned);
                    if (value != null && !value.isNull()) {
                        collect(value, new ArrayList<>(List.of("metadata", owned)), fields);
                    }
                }
                return;
            }
            collect(field.getValue(), new ArrayList<>(List.of(key)), fields);
        });
        return fields;
    }

    private static void collect(JsonNode node, List<String> path, Set<List<String>> into) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    List<String> child = new ArrayList<>(path);
                    child.add(field.getKey());
                    collect(field.getValue(), child, into);
                }
            });
        } else {
            into.add(List.copyOf(path));
        }
    }

    /** The fields {@code manager} applied last, or none. */
    static Set<List<String>> ownedBy(JsonNode object, String manager) {
        Set<List<String>> fields = new HashSet<>();
        for (JsonNode entry : object.path("metadata").path("managedFields")) {
            if (isApplyEntry(entry) && manager.equals(entry.path("manager").asText())) {
                fromFieldsV1(entry.path("fieldsV1"), new ArrayList<>(), fields);
            }
        }
        return fields;
    }

    /** The fields every other manager owns. */
    static Set<List<String>> ownedByOthers(JsonNode object, String manager) {
        Set<List<String>> fields = new HashSet<>();
        for (JsonNode entry : object.path("metadata").path("managedFields")) {
            if (!manager.equals(entry.path("manager").asText())) {
                fromFieldsV1(entry.path("fieldsV1"), new ArrayList<>(), fields);
            }
        }
        return fields;
    }

    /** Replaces {@code manager}'s Apply entry on {@code object} by one owning {@code fields}. */
    static void record(ObjectNode object, String manager, Set<List<String>> fields, String time) {
        ObjectNode metadata = object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
        ArrayNode entries = NODES.arrayNode();
        for (JsonNode entry : metadata.path("managedFields")) {
            if (!(isApplyEntry(entry) && manager.equals(entry.path("manager").asText()))) {
                entries.add(entry);
            }
        }
        ObjectNode entry = entries.addObject()
                .put("manager", manager)
                .put("operation", "Apply")
                .put("apiVersion", object.path("apiVersion").asText())
                .put("time", time)
                .put("fieldsType", "FieldsV1");
        entry.set("fieldsV1", toFieldsV1(fields));
        metadata.set("managedFields", entries);
    }

    /**
     * After a write that is not an apply (create, update, merge, JSON or strategic patch): the fields it
     * changed belong to its writer now, no longer to any Apply manager. Keeps the stored managedFields
     * when the body has none.
     */
    public static void releaseChanged(JsonNode before, ObjectNode after) {
        JsonNode kept = before.path("metadata").path("managedFields");
        if (!(after.get("metadata") instanceof ObjectNode metadata) || kept.isMissingNode() || kept.isEmpty()) {
            return;
        }
        if (!metadata.has("managedFields")) {
            metadata.set("managedFields", kept.deepCopy());
        }
        ArrayNode entries = NODES.arrayNode();
        for (JsonNode entry : metadata.path("managedFields")) {
            if (!isApplyEntry(entry)) {
                entries.add(entry);
                continue;
            }
            Set<List<String>> owned = new HashSet<>();
            fromFieldsV1(entry.path("fieldsV1"), new ArrayList<>(), owned);
            owned.removeIf(path -> !Objects.equals(at(before, path), at(after, path)));
            ObjectNode copy = entry.deepCopy();
            copy.set("fieldsV1", toFieldsV1(owned));
            if (!owned.isEmpty()) {
                entries.add(copy);
            }
        }
        if (entries.isEmpty()) {
            metadata.remove("managedFields");
        } else {
            metadata.set("managedFields", entries);
        }
    }

    static JsonNode at(JsonNode node, List<String> path) {
        JsonNode current = node;
        for (String key : path) {
            current = current == null ? null : current.get(key);
        }
        return current;
    }

    /** Removes the field at {@code path} and then the maps it leaves empty. */
    static void remove(ObjectNode object, List<String> path) {
        List<ObjectNode> parents = new ArrayList<>();
        JsonNode current = object;
        for (String key : path.subList(0, path.size() - 1)) {
            if (!(current.get(key) instanceof ObjectNode child)) {
                return;
            }
            parents.add((ObjectNode) current);
            current = child;
        }
        ((ObjectNode) current).remove(path.get(path.size() - 1));
        for (int i = parents.size() - 1; i >= 0 && current.isEmpty(); i--) {
            parents.get(i).remove(path.get(i));
            current = parents.get(i);
        }
    }

    private static boolean isApplyEntry(JsonNode entry) {
        return "Apply".equals(entry.path("operation").asText())
                && entry.path("subresource").asText("").isEmpty();
    }

    private static ObjectNode toFieldsV1(Set<List<String>> fields) {
        ObjectNode root = NODES.objectNode();
        for (List<String> path : fields) {
            ObjectNode node = root;
            for (String key : path) {
                node = node.get("f:" + key) instanceof ObjectNode child ? child : node.putObject("f:" + key);
            }
        }
        return root;
    }

    private static void fromFieldsV1(JsonNode node, List<String> path, Set<List<String>> into) {
        boolean leaf = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().startsWith("f:")) {
                leaf = false;
                List<String> child = new ArrayList<>(path);
                child.add(field.getKey().substring(2));
                fromFieldsV1(field.getValue(), child, into);
            }
        }
        if (leaf && !path.isEmpty()) {
            into.add(List.copyOf(path));
        }
    }
}
