package dev.hpcenv.edf.parse;

import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.Severity;
import dev.hpcenv.edf.model.Origin;

/** Diagnostics about a value: located at its origin, the message led by the key it was written under. */
public final class Diagnostics {
    private Diagnostics() {}

    public static Diagnostic error(Origin origin, String message, String hint) {
        return at(origin, Severity.ERROR, message, hint);
    }

    public static Diagnostic warning(Origin origin, String message, String hint) {
        return at(origin, Severity.WARNING, message, hint);
    }

    public static Diagnostic at(Origin origin, Severity severity, String message, String hint) {
        String text = origin.key() == null || origin.key().isEmpty() ? message : origin.key() + ": " + message;
        return new Diagnostic(origin.source(), origin.line(), origin.column(), severity, text, hint);
    }
}
