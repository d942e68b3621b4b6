package dev.hpcenv.kube.embedded.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code meta.k8s.io/v1} Status bodies, so that kubectl prints "Error from server (NotFound): ..."
 * exactly as against a cluster.
 */
public final class StatusResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusResponses() {}

    public static ApiResponse notFound(String qualifiedResource, String name) {
        return failure(404, "NotFound", qualifiedResource + " \"" + name + "\" not found", qualifiedResource, name);
    }

    public static ApiResponse unknownPath() {
        return failure(404, "NotFound", "the server could not find the requested resource", null, null);
    }

    public static ApiResponse failure(int code, String reason, String message) {
        return failure(code, reason, message, null, null);
    }

    /** A Status of a failed request; {@code resource} and {@code name} fill {@code details} when known. */
    public static ApiResponse failure(int code, String reason, String message, String resource, String name) {
        ObjectNode status = base();
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        if (resource != null || name != null) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (resource != null) {
                int dot = resource.indexOf('.');
                details.put("kind", dot < 0 ? resource : resource.substring(0, dot));
                if (dot >= 0) {
                    details.put("group", resource.substring(dot + 1));
                }
            }
        }
        status.put("code", code);
        return new ApiResponse(code, status.toString());
    }

    /**
     * A 422 Invalid Status with one cause per violation ("field: problem"); kubectl prints it as
     * {@code The Kind "name" is invalid: field: problem}.
     */
    public static ApiResponse invalid(String kind, String group, String fullName, List<String> violations) {
        // A refused name may be megabytes long: it is not echoed whole.
        String name = fullName.length() <= 300 ? fullName : fullName.substring(0, 300) + "...";
        ObjectNode status = base();
        status.put("status", "Failure");
        String details = violations.size() == 1 ? violations.get(0) : "[" + String.join(", ", violations) + "]";
        status.put("message", kind + "." + group + " \"" + name + "\" is invalid: " + details);
        status.put("reason", "Invalid");
        ObjectNode detailsNode = status.putObject("details");
        detailsNode.put("name", name);
        detailsNode.put("group", group);
        detailsNode.put("kind", kind);
        ArrayNode causes = detailsNode.putArray("causes");
        for (String violation : violations) {
            int colon = violation.indexOf(": ");
            String problem = colon < 0 ? violation : violation.substring(colon + 2);
            ObjectNode cause = causes.addObject().put("reason", causeReason(problem));
            cause.put("message", problem);
            cause.put("field", colon < 0 ? "" : violation.substring(0, colon));
        }
        status.put("code", 422);
        return new ApiResponse(422, status.toString());
    }

    // The cause reasons of field.Error types, read from the wording each type starts with.
    private static String causeReason(String problem) {
        if (problem.startsWith("Required value")) {
            return "FieldValueRequired";
        }
        if (problem.startsWith("Unsupported value")) {
            return "FieldValueNotSupported";
        }
        if (problem.startsWith("Too long")) {
            return "FieldValueTooLong";
        }
        if (problem.startsWith("Too many")) {
            return "FieldValueTooMany";
        }
        if (problem.startsWith("Forbidden")) {
            return "FieldValueForbidden";
        }
        if (problem.startsWith("Duplicate value")) {
            return "FieldValueDuplicate";
        }
        if (problem.startsWith("Invalid value") && problem.contains(" in body must be of type ")) {
            return "FieldValueTypeInvalid";
        }
        return "FieldValueInvalid";
    }

    /** The reason Kubernetes uses for an HTTP code, for errors that come without one. */
    public static String reasonFor(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "Conflict";
            case 410 -> "Expired";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            default -> "InternalError";
        };
    }

    private static ObjectNode base() {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        return status;
    }
}
