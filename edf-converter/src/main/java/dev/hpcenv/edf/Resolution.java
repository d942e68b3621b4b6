package dev.hpcenv.edf;

import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;
import java.util.List;

/**
 * An environment with its bases merged, variables still verbatim.
 *
 * @param environment      the resolved environment (variables not expanded)
 * @param warnings         problems that did not stop resolution (unknown keys)
 * @param merged           the merged layer: every value with the file, line and key it came from
 * @param bases            the files applied, bases first, the environment itself last
 * @param workingDirectory the directory relative paths are anchored to
 */
public record Resolution(
        ResolvedEnvironment environment,
        List<Diagnostic> warnings,
        EnvironmentLayer merged,
        List<String> bases,
        Path workingDirectory) {

    public Resolution {
        warnings = List.copyOf(warnings);
        bases = List.copyOf(bases);
    }
}
