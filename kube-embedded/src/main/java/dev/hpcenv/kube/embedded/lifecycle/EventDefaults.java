package dev.hpcenv.kube.embedded.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a real API server returns for every core/v1 Event: {@code reportingComponent} and
 * {@code reportingInstance} are fields without omitempty in the Go type, so they read as empty
 * strings when the writer (the operator's recorder, an old controller) left them out.
 */
public final class EventDefaults {

    private EventDefaults() {}

    /** Applies the defaults in place; returns the same object. */
    public static ObjectNode apply(ObjectNode event) {
        if (!event.has("reportingComponent")) {
            event.put("reportingComponent", "");
        }
        if (!event.has("reportingInstance")) {
            event.put("reportingInstance", "");
        }
        return event;
    }
}
