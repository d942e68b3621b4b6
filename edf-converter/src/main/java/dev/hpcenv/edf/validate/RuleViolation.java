package dev.hpcenv.edf.validate;

import java.util.Objects;

/**
 * What is wrong with one value and how to fix it. It does not name the field: the caller knows
 * where the value was written (an EDF line, {@code spec.env.X} of a resource, an annotation on the
 * node) and puts that in front.
 *
 * @param message one line, user text already shortened and escaped
 * @param hint    how to fix it, never null
 */
public record RuleViolation(String message, String hint) {

    public RuleViolation {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    /** {@code message (hint: hint)}, for callers that report plain strings. */
    public String format() {
        return message + " (hint: " + hint + ")";
    }
}
