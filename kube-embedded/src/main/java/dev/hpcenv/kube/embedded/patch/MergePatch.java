package dev.hpcenv.kube.embedded.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON merge patch as RFC 7386 defines it: objects merge member by member, {@code null} deletes a
 * member, and every other value (arrays included) replaces the target's value whole.
 *
 * <p>Arrays are never merged element-wise: a {@code kubectl apply} that changes
 * {@code command: [echo, hi]} to {@code [echo, changed]} must store two elements, not four.
 */
public final class MergePatch {

    private MergePatch() {}

    /** Returns the patched document; neither argument is modified. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            // A non-object patch replaces the whole target (RFC 7386 section 2).
            return patch == null ? null : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : ((ObjectNode) patch).objectNode();
        Iterator<Map.Entry<String, JsonNode>> members = patch.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (value.isNull()) {
                result.remove(name);
            } else {
                result.set(name, apply(result.get(name), value));
            }
        }
        return result;
    }
}
