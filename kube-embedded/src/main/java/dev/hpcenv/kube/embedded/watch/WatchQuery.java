package dev.hpcenv.kube.embedded.watch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import dev.hpcenv.kube.embedded.select.FieldSelector;
import dev.hpcenv.kube.embedded.select.LabelSelector;
import dev.hpcenv.kube.embedded.store.ChangeType;
import dev.hpcenv.kube.embedded.store.StoredChange;
import java.util.Optional;

/**
 * What a watch or a list selects: one kind, optionally one namespace, and the selectors.
 *
 * @param namespace null for all namespaces (or a cluster-scoped kind)
 */
public record WatchQuery(ResourceType type, String namespace, FieldSelector fields, LabelSelector labels) {

    /**
     * The event a watcher with this query sees for a change, if any. As on a real API server, an
     * object that starts matching (a label added) arrives as ADDED and one that stops matching as
     * DELETED, so informer caches with selectors stay right.
     */
    public Optional<WatchEvent> eventFor(StoredChange change) {
        if (!change.group().equals(type.group())
                || !change.version().equals(type.version())
                || !change.plural().equals(type.plural())) {
            return Optional.empty();
        }
        boolean was = change.previous() != null && matches(change.previous());
        boolean is = change.type() != ChangeType.DELETED && matches(change.object());
        if (was && is) {
            return Optional.of(new WatchEvent(change.type(), change.object()));
        }
        if (is) {
            return Optional.of(new WatchEvent(ChangeType.ADDED, change.object()));
        }
        if (was) {
            return Optional.of(new WatchEvent(ChangeType.DELETED, change.object()));
        }
        return Optional.empty();
    }

    /** Whether an object of this query's kind is selected. */
    public boolean matches(JsonNode object) {
        if (namespace != null
                && !namespace.equals(object.path("metadata").path("namespace").asText())) {
            return false;
        }
        return fields.matches(object) && labels.matches(object);
    }
}
