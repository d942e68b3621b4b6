package dev.hpcenv.operator.logs.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error as the Kubernetes API gives it, a {@code Status} object, so that kubectl and client
 * libraries print its message. Messages name what was wrong and never carry internals (an exception's
 * text, a file path of the store).
 */
record StatusBody(int code, String reason, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static StatusBody badRequest(String message) {
        return new StatusBody(400, "BadRequest", message);
    }

    static StatusBody unauthorized(String message) {
        return new StatusBody(401, "Unauthorized", message);
    }

    static StatusBody forbidden(String message) {
        return new StatusBody(403, "Forbidden", message);
    }

    static StatusBody notFound(String message) {
        return new StatusBody(404, "NotFound", message);
    }

    static StatusBody methodNotAllowed(String method) {
        return new StatusBody(
                405, "MethodNotAllowed", "the method " + KubeNames.printable(method) + " is not allowed: only GET is");
    }

    static StatusBody tooManyRequests(String message) {
        return new StatusBody(429, "TooManyRequests", message);
    }

    static StatusBody internalError() {
        return new StatusBody(500, "InternalError", "the operator could not serve the log; its own log says why");
    }

    String json() {
        ObjectNode status = JSON.createObjectNode()
                .put("kind", "Status")
                .put("apiVersion", "v1")
                .put("status", "Failure")
                .put("message", message)
                .put("reason", reason)
                .put("code", code);
        status.putObject("metadata");
        return status.toString();
    }
}
