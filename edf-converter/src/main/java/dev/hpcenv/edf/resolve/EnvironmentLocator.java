package dev.hpcenv.edf.resolve;

import dev.hpcenv.edf.EdfSearchPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds the file an environment reference names. */
public final class EnvironmentLocator {
    private final EdfSearchPath searchPath;
    private final Path workingDirectory;

    public EnvironmentLocator(EdfSearchPath searchPath, Path workingDirectory) {
        this.searchPath = searchPath;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    }

    /** The located file, or a {@link LookupFailure} saying why there is none. */
    public LocatedFile locate(String reference) throws LookupFailure {
        if (reference.isBlank()) {
            throw new LookupFailure("empty environment name", null);
        }
        if (EnvironmentReference.isPath(reference)) {
            Path file = workingDirectory.resolve(reference).normalize();
            if (!Files.exists(file)) {
                throw new LookupFailure(
                        "environment file '" + reference + "' not found",
                        reference.startsWith("/")
                                ? null
                                : "relative paths are relative to the current directory " + workingDirectory
                                        + ", not to the EDF file");
            }
            return new LocatedFile(file, reference);
        }
        if (reference.contains("/") || reference.equals(".") || reference.equals("..")) {
            throw new LookupFailure(
                    "'" + reference + "' is neither a path nor an environment name",
                    "start a relative path with ./ (or end it in .toml); a name has no '/'");
        }
        List<Path> dirs = searchPath.all();
        Optional<Path> found = dirs.stream()
                .map(dir -> workingDirectory
                        .resolve(dir)
                        .resolve(reference + ".toml")
                        .normalize())
                .filter(Files::isRegularFile)
                .findFirst();
        if (found.isPresent()) {
            return new LocatedFile(found.get(), found.get().toString());
        }
        String where = dirs.isEmpty()
                ? "an empty search path"
                : dirs.stream().map(Path::toString).collect(Collectors.joining(":"));
        throw new LookupFailure(
                "environment '" + reference + "' not found in " + where,
                "put " + reference + ".toml in one of those directories, set EDF_PATH, or give a path (./" + reference
                        + ".toml)");
    }

    /** Why a reference names no file. */
    public static final class LookupFailure extends Exception {
        private final String hint;

        LookupFailure(String message, String hint) {
            super(message, null, false, false);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }
}
