package dev.hpcenv.edf.resolve;

/**
 * How an environment is named, on the command line or in {@code base_environment}: a value starting
 * with {@code /} or {@code ./}, or ending in {@code .toml}, is a path relative to the working directory;
 * anything else is a name looked up as {@code NAME.toml} in the search path.
 */
public final class EnvironmentReference {
    private EnvironmentReference() {}

    public static boolean isPath(String reference) {
        return reference.startsWith("/") || reference.startsWith("./") || reference.endsWith(".toml");
    }

    /** The name an environment gets as a custom resource: its file name without {@code .toml}. */
    public static String nameOf(String reference) {
        String last = reference;
        int slash = last.lastIndexOf('/');
        if (slash >= 0) {
            last = last.substring(slash + 1);
        }
        return last.endsWith(".toml") ? last.substring(0, last.length() - ".toml".length()) : last;
    }
}
