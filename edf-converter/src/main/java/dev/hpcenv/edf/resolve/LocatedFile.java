package dev.hpcenv.edf.resolve;

import java.nio.file.Path;

/**
 * An EDF file found for a reference.
 *
 * @param file        the file, absolute and normalized
 * @param displayName how diagnostics name it: the path as written, or the file found in the search path
 */
public record LocatedFile(Path file, String displayName) {}
