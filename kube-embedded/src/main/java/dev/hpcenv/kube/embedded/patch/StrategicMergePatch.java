package dev.hpcenv.kube.embedded.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A documented approximation of Kubernetes' strategic merge patch, enough for the core kinds the
 * embedded API serves (Namespaces, Secrets, ConfigMaps, ServiceAccounts, Events).
 *
 * <p>The real algorithm needs each Go type's patch strategy per field. These kinds have almost no
 * list fields, so this class applies JSON merge patch semantics (maps merge, {@code null} deletes,
 * lists are replaced) and honours the directives kubectl sends: {@code $patch: replace|delete|merge}
 * on maps, {@code $retainKeys}, {@code $deleteFromPrimitiveList/<field>}, and drops
 * {@code $setElementOrder/<field>}. The one list with a merge strategy that matters here,
 * {@code metadata.finalizers}, is merged as a set union, as the real server does.
 */
public final class StrategicMergePatch {

    private static final String DIRECTIVE_PATCH = "$patch";
    private static final String DIRECTIVE_RETAIN_KEYS = "$retainKeys";
    private static final String PREFIX_SET_ELEMENT_ORDER = "$setElementOrder/";
    private static final String PREFIX_DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {}

    /** Returns the patched document; neither argument is modified. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        return mergeObject(target, patch, "");
    }

    private static JsonNode mergeObject(JsonNode target, JsonNode patch, String path) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        String directive = patch.path(DIRECTIVE_PATCH).asText("");
        if (directive.equals("delete")) {
            return null;
        }
        ObjectNode result;
        if (directive.equals("replace") || target == null || !target.isObject()) {
            result = ((ObjectNode) patch).objectNode();
        } else {
            result = ((ObjectNode) target).deepCopy();
        }
        if (patch.has(DIRECTIVE_RETAIN_KEYS)) {
            Set<String> retained = new HashSet<>();
            patch.get(DIRECTIVE_RETAIN_KEYS).forEach(key -> retained.add(key.asText()));
            result.retain(retained);
        }
        Iterator<Map.Entry<String, JsonNode>> members = patch.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (name.equals(DIRECTIVE_PATCH)
                    || name.equals(DIRECTIVE_RETAIN_KEYS)
                    || name.startsWith(PREFIX_SET_ELEMENT_ORDER)) {
                continue;
            }
            if (name.startsWith(PREFIX_DELETE_FROM_PRIMITIVE_LIST)) {
                removeFromList(result, name.substring(PREFIX_DELETE_FROM_PRIMITIVE_LIST.length()), value);
                continue;
            }
            String childPath = path + "." + name;
            if (value.isNull()) {
                result.remove(name);
            } else if (value.isArray() && childPath.equals(".metadata.finalizers")) {
                result.set(name, union(result.get(name), (ArrayNode) value));
            } else {
                JsonNode merged = mergeObject(result.get(name), value, childPath);
                if (merged == null) {
                    result.remove(name);
                } else {
                    result.set(name, merged);
                }
            }
        }
        return result;
    }

    private static ArrayNode union(JsonNode existing, ArrayNode added) {
        Set<JsonNode> members = new LinkedHashSet<>();
        if (existing != null && existing.isArray()) {
            existing.forEach(members::add);
        }
        added.forEach(members::add);
        ArrayNode result = added.arrayNode();
        members.forEach(result::add);
        return result;
    }

    private static void removeFromList(ObjectNode result, String field, JsonNode toRemove) {
        JsonNode list = result.get(field);
        if (list == null || !list.isArray()) {
            return;
        }
        Set<JsonNode> removed = new HashSet<>();
        toRemove.forEach(removed::add);
        List<JsonNode> kept = new ArrayList<>();
        list.forEach(element -> {
            if (!removed.contains(element)) {
                kept.add(element);
            }
        });
        result.set(field, result.arrayNode().addAll(kept));
    }
}
