package dev.hpcenv.kube.embedded.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One change to the store, in commit order.
 *
 * @param group           "" for the core group
 * @param resourceVersion the object's new resourceVersion (for DELETED, one issued for the deletion)
 * @param object          the object after the change, or as it was when deleted
 * @param previous        the object before the change; null for ADDED
 */
public record StoredChange(
        ChangeType type,
        String group,
        String version,
        String plural,
        long resourceVersion,
        JsonNode object,
        JsonNode previous) {}
