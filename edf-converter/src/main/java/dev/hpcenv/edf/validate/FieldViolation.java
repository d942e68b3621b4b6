package dev.hpcenv.edf.validate;

/**
 * A rule broken by the value of one field.
 *
 * @param field the field path as the user wrote it, e.g. {@code spec.env.1A} (already printable)
 */
public record FieldViolation(String field, RuleViolation violation) {

    /** {@code field: message (hint: hint)}, one line. */
    public String format() {
        return field + ": " + violation.format();
    }
}
