package dev.hpcenv.shim.spec;

import java.nio.file.Path;

/** Where {@code run} gets its environment from. */
public sealed interface EnvironmentSource {
    /** An EDF name (looked up in EDF_PATH) or path, as {@code srun --environment}. */
    record Edf(String nameOrPath, String edfPathOverride) implements EnvironmentSource {}

    /** A resolved-environment JSON file. */
    record SpecFile(Path file) implements EnvironmentSource {}

    /** A resolved-environment JSON in an environment variable (what the operator sends). */
    record SpecVariable(String name) implements EnvironmentSource {}
}
