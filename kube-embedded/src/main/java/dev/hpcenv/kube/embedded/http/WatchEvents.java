package dev.hpcenv.kube.embedded.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.discovery.ResourceType;

/** The JSON of watch events ({@code {"type": ..., "object": ...}}), one per line on an HTTP stream. */
final class WatchEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WatchEvents() {}

    static String event(String type, JsonNode object) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        return event.toString();
    }

    /** The BOOKMARK that ends the initial events of a {@code sendInitialEvents=true} watch. */
    static String initialEventsEnd(ResourceType type, long resourceVersion) {
        ObjectNode object = JSON.createObjectNode();
        object.put("kind", type.kind());
        object.put("apiVersion", type.groupVersion());
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("resourceVersion", String.valueOf(resourceVersion));
        metadata.putObject("annotations").put("k8s.io/initial-events-end", "true");
        return event("BOOKMARK", object);
    }

    /** The ERROR event that tells a client its resourceVersion is too old and it must list again. */
    static String expired(String message) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", "Expired");
        status.put("code", 410);
        return event("ERROR", status);
    }
}
