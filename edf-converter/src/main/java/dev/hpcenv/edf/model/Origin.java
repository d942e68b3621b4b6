package dev.hpcenv.edf.model;

/**
 * Where a value was written: a file and position for an EDF, or a source name and field path for a
 * custom resource or the operator's JSON (line 0).
 *
 * @param source file as the user named it, or a source name
 * @param line   1-based, 0 when the source has no lines
 * @param column 1-based, 0 when unknown
 * @param key    the key path of the value, e.g. {@code mounts[2]} or {@code env.PATH}
 */
public record Origin(String source, int line, int column, String key) {

    public static Origin of(String source, String key) {
        return new Origin(source, 0, 0, key);
    }

    /** The same place, one level deeper in the key path (e.g. {@code mounts[0]} to {@code mounts[0].source}). */
    public Origin child(String subKey) {
        return new Origin(source, line, column, key + "." + subKey);
    }
}
