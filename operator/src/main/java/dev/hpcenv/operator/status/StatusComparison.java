package dev.hpcenv.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Compares two status objects as their JSON: a reconcile that changes nothing sends no patch. */
public final class StatusComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusComparison() {}

    public static boolean same(Object before, Object after) {
        if (before == null || after == null) {
            return before == after;
        }
        return JSON.valueToTree(before).equals(JSON.valueToTree(after));
    }
}
