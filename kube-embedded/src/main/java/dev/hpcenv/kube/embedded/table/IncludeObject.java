package dev.hpcenv.kube.embedded.table;

import java.util.Locale;

/** The {@code includeObject} query parameter of Table requests. */
public enum IncludeObject {
    NONE,
    METADATA,
    OBJECT;

    /** Metadata when absent, as the API server defaults it. */
    public static IncludeObject fromQuery(String value) {
        if (value == null || value.isBlank()) {
            return METADATA;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "object" -> OBJECT;
            default -> METADATA;
        };
    }
}
