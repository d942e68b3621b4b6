package dev.hpcenv.kube.embedded.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Server-side apply, approximated for a store that keeps no managedFields: the applied
 * configuration is merged into the live object (maps merge, lists and scalars are replaced), and
 * an apply to the status subresource replaces the whole status.
 *
 * <p>This equals real server-side apply when one manager owns the fields it applies, which is the
 * operator's case (JOSDK patches status and primary resources with SSA by default) and the
 * {@code kubectl apply --server-side} case. Not modelled: removal of fields a manager stops
 * applying (outside status), conflicts between managers, and {@code managedFields}.
 */
public final class ApplyPatch {

    private ApplyPatch() {}

    /** Returns the object after applying {@code applied}; neither argument is modified. */
    public static JsonNode apply(JsonNode current, JsonNode applied, boolean statusSubresource) {
        if (statusSubresource) {
            ObjectNode result = ((ObjectNode) current).deepCopy();
            JsonNode status = applied.get("status");
            if (status == null) {
                result.remove("status");
            } else {
                result.set("status", status.deepCopy());
            }
            return result;
        }
        return MergePatch.apply(current, withoutNulls(applied));
    }

    // An apply configuration states values; it never deletes a field by sending null.
    private static JsonNode withoutNulls(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.properties().removeIf(field -> field.getValue().isNull());
        copy.properties().forEach(field -> field.setValue(withoutNulls(field.getValue())));
        return copy;
    }
}
