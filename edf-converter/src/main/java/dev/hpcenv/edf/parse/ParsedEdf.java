package dev.hpcenv.edf.parse;

import dev.hpcenv.edf.Diagnostic;
import dev.hpcenv.edf.model.EnvironmentLayer;
import java.util.List;

/** One EDF file read: its layer (as much as could be read) and every problem found in it. */
public record ParsedEdf(EnvironmentLayer layer, List<Diagnostic> diagnostics) {

    public ParsedEdf {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
