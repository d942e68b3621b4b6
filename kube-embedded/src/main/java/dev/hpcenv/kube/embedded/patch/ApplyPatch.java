package dev.hpcenv.kube.embedded.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * Server-side apply: the applied configuration is merged into the live object (maps merge, lists and
 * scalars are replaced), and the fields the same manager applied last time but no longer states go,
 * unless another manager owns them ({@link AppliedFields}); an apply to the status subresource
 * replaces the whole status.
 *
 * <p>Not modelled: conflicts between managers (every apply behaves as with {@code --force-conflicts}),
 * and list types other than atomic.
 */
public final class ApplyPatch {

    private ApplyPatch() {}

    /** An apply without a manager's history (tests, and the callers that keep none). */
    public static JsonNode apply(JsonNode current, JsonNode applied, boolean statusSubresource) {
        return apply(current, applied, statusSubresource, null, null);
    }

    /**
     * Returns the object after {@code manager} applied {@code applied} at {@code time}; neither
     * argument is modified. A null manager records nothing and removes nothing.
     */
    public static JsonNode apply(
            JsonNode current, JsonNode applied, boolean statusSubresource, String manager, String time) {
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
        JsonNode stated = withoutNulls(applied);
        JsonNode merged = MergePatch.apply(current, stated);
        if (manager == null || !(merged instanceof ObjectNode result)) {
            return merged;
        }
        Set<List<String>> fresh = AppliedFields.stated(stated);
        Set<List<String>> others = AppliedFields.ownedByOthers(current, manager);
        for (List<String> dropped : AppliedFields.ownedBy(current, manager)) {
            if (!others.contains(dropped) && fresh.stream().noneMatch(f -> overlaps(f, dropped))) {
                AppliedFields.remove(result, dropped);
            }
        }
        AppliedFields.record(result, manager, fresh, time);
        return result;
    }

    /** Whether one path is the other or lies under it: the field was stated again, whole or in part. */
    private static boolean overlaps(List<String> a, List<String> b) {
        int n = Math.min(a.size(), b.size());
        return a.subList(0, n).equals(b.subList(0, n));
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
