package dev.hpcenv.kube.embedded.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request and store bodies as JSON trees; a bad body is the client's error (400), never a crash. */
final class JsonBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {}

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static ObjectNode parseObject(String body) {
        JsonNode node = parse(body);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("the request body must be a JSON object");
        }
        return object;
    }
}
