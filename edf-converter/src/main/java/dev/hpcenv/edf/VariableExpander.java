package dev.hpcenv.edf;

import dev.hpcenv.edf.expand.LayerExpander;
import dev.hpcenv.edf.model.EnvironmentLayer;
import dev.hpcenv.edf.model.EnvironmentLayers;
import dev.hpcenv.edf.render.ResolvedEnvironmentBuilder;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.file.Path;
import java.util.Map;

/**
 * Expands {@code ${VAR}}, {@code ${VAR:-default}} and {@code $$} in every string value of a resolved
 * environment, then re-derives {@code imageRef}/{@code squashfsPath} from the expanded image. Every
 * undefined variable is reported (file, line and key, or source and field path), not only the first.
 */
public final class VariableExpander {
    private VariableExpander() {}

    /** Expands a resolution of EDF files; errors name the file, line and key. */
    public static ResolvedEnvironment expand(Resolution resolution, Map<String, String> variables) throws EdfException {
        EnvironmentLayer expanded = LayerExpander.expand(resolution.merged(), variables);
        return ResolvedEnvironmentBuilder.build(expanded, resolution.bases(), resolution.workingDirectory(), true);
    }

    /**
     * Expands a resolved environment that arrived as data (the operator's JSON); errors read
     * {@code SOURCE: mounts[0].source: undefined variable ${X} …}. Relative paths are anchored to the
     * current directory of this process.
     */
    public static ResolvedEnvironment expand(ResolvedEnvironment spec, Map<String, String> variables, String sourceName)
            throws EdfException {
        return expand(spec, variables, sourceName, Path.of("").toAbsolutePath());
    }

    /** As {@link #expand(ResolvedEnvironment, Map, String)}, anchoring relative paths to {@code workingDirectory}. */
    public static ResolvedEnvironment expand(
            ResolvedEnvironment spec, Map<String, String> variables, String sourceName, Path workingDirectory)
            throws EdfException {
        EnvironmentLayer layer = EnvironmentLayers.fromResolved(spec, sourceName);
        EnvironmentLayer expanded = LayerExpander.expand(layer, variables);
        return ResolvedEnvironmentBuilder.build(expanded, spec.getBases(), workingDirectory, true);
    }
}
