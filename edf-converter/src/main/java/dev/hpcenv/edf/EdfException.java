package dev.hpcenv.edf;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A user mistake in an environment definition: carries every problem found, not only the first.
 * The message is one formatted line per diagnostic, so callers can print it as is; no stack trace
 * is needed to understand it.
 */
public class EdfException extends Exception {
    private final List<Diagnostic> diagnostics;

    public EdfException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")), null, false, false);
        if (diagnostics.isEmpty()) {
            throw new IllegalArgumentException("an EdfException needs at least one diagnostic");
        }
        this.diagnostics = List.copyOf(diagnostics);
    }

    public EdfException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
