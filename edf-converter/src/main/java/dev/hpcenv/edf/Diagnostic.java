package dev.hpcenv.edf;

import java.util.Objects;

/**
 * One problem found in an environment definition, located as precisely as the source allows.
 *
 * @param file     the file (as the user named it) or another source name such as {@code HPCENV_SPEC}
 * @param line     1-based line, or 0 when the source has no lines
 * @param column   1-based column, or 0 when unknown
 * @param severity error or warning
 * @param message  what is wrong, one line
 * @param hint     how to fix it, or null
 */
public record Diagnostic(String file, int line, int column, Severity severity, String message, String hint) {

    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Diagnostic error(String file, int line, int column, String message, String hint) {
        return new Diagnostic(file, line, column, Severity.ERROR, message, hint);
    }

    public static Diagnostic warning(String file, int line, int column, String message, String hint) {
        return new Diagnostic(file, line, column, Severity.WARNING, message, hint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE[:COL]: [warning: ]message (hint: ...)}, always a single line. */
    public String format() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (severity == Severity.WARNING) {
            sb.append("warning: ");
        }
        sb.append(message);
        if (hint != null && !hint.isEmpty()) {
            sb.append(" (hint: ").append(hint).append(')');
        }
        return oneLine(sb.toString());
    }

    // User text (keys, values) is quoted into messages; a newline in it must not break the one-line contract.
    private static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return format();
    }
}
