package dev.hpcenv.kube.embedded.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One CRD validation case, run the same way against the embedded API (unit tests) and a real
 * kube-apiserver ({@code CrdsRealApiIT}): an object to create, or with {@code previous} an update of
 * {@code previous} to it (for transition rules), and the verdict: accepted, or refused with a cause
 * on {@code field} whose message contains {@code message}.
 *
 * <p>An object with a {@code status} is created without it (as the API server drops it on create)
 * and then written through the status subresource, so the status is validated too; except a case
 * {@link #sentWithItsStatus()}, about what the API server does with such a status.
 */
public record ValidationCase(
        String name,
        ObjectNode object,
        ObjectNode previous,
        boolean accepted,
        String field,
        String message,
        boolean keepsName,
        boolean statusAsSent) {

    public static ValidationCase accepts(String name, ObjectNode object) {
        return new ValidationCase(name, object, null, true, null, null, false, false);
    }

    public static ValidationCase refuses(String name, ObjectNode object, String field, String message) {
        return new ValidationCase(name, object, null, false, field, message, false, false);
    }

    /** The same verdict for an update from {@code old} to this case's object. */
    public ValidationCase updatedFrom(ObjectNode old) {
        return new ValidationCase(name, object, old, accepted, field, message, keepsName, statusAsSent);
    }

    /** A case about the object's name: sent with its own (other cases get a name of the run). */
    public ValidationCase keepingName() {
        return new ValidationCase(name, object, previous, accepted, field, message, true, statusAsSent);
    }

    /**
     * A case about what a create or an update of the object does with a status in the body: sent as
     * it is, status and all, in one request (no status write).
     */
    public ValidationCase sentWithItsStatus() {
        return new ValidationCase(name, object, previous, accepted, field, message, keepsName, true);
    }

    /**
     * Null when {@code violations} (one {@code field: message} line each) is this case's verdict;
     * otherwise what differs.
     */
    public String mismatch(java.util.List<String> violations) {
        if (accepted) {
            return violations.isEmpty() ? null : "expected to be accepted, refused: " + violations;
        }
        if (violations.isEmpty()) {
            return "expected a refusal naming " + field + ", accepted";
        }
        boolean named = violations.stream().anyMatch(v -> v.startsWith(field + ": ") && v.contains(message));
        return named ? null : "expected a refusal of " + field + " containing \"" + message + "\", got " + violations;
    }

    public String kind() {
        return object.path("kind").asText();
    }

    @Override
    public String toString() {
        return name;
    }
}
