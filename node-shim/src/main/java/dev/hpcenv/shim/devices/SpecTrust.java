package dev.hpcenv.shim.devices;

import dev.hpcenv.shim.hooks.FileTrust;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a CDI spec file may be used. A spec names hooks the runtime runs and host paths the
 * container gets, so it is held to the rule of hooks.d files: the file and every directory above
 * it belong to root and are writable by nobody else ({@link FileTrust}).
 */
@FunctionalInterface
public interface SpecTrust {
    /** Why {@code file} cannot be trusted, or empty. */
    Optional<String> problem(Path file);

    SpecTrust ROOT_OWNED = FileTrust::problem;

    /** For tests whose files are not root's. */
    SpecTrust ANY = file -> Optional.empty();
}
