package dev.hpcenv.slurm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The slurmrestd OpenAPI plugin versions this bridge speaks, oldest first. */
public enum ApiVersion {
    V0_0_38("v0.0.38"),
    V0_0_39("v0.0.39"),
    V0_0_40("v0.0.40"),
    V0_0_41("v0.0.41"),
    V0_0_42("v0.0.42"),
    V0_0_43("v0.0.43"),
    V0_0_44("v0.0.44"),
    V0_0_45("v0.0.45");

    private final String pathSegment;

    ApiVersion(String pathSegment) {
        this.pathSegment = pathSegment;
    }

    /** The version as it appears in URLs, e.g. {@code v0.0.38}. */
    public String pathSegment() {
        return pathSegment;
    }

    public boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    /** The newest version this bridge speaks. */
    public static ApiVersion newest() {
        ApiVersion[] all = values();
        return all[all.length - 1];
    }

    /** Parses {@code v0.0.40} or {@code 0.0.40}; empty for a version this bridge does not speak. */
    public static Optional<ApiVersion> fromPathSegment(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        String normalized = wanted.startsWith("v") ? wanted : "v" + wanted;
        return Arrays.stream(values())
                .filter(v -> v.pathSegment.equals(normalized))
                .findFirst();
    }

    /**
     * Parses a user-supplied version: {@code auto} gives empty (detect), a supported version gives it,
     * anything else is an {@link IllegalArgumentException} listing the choices.
     */
    public static Optional<ApiVersion> parseChoice(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("auto")) {
            return Optional.empty();
        }
        return Optional.of(fromPathSegment(text)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown slurmrestd API version '" + text.trim() + "'; use auto or one of " + choices())));
    }

    public static String choices() {
        return Arrays.stream(values()).map(ApiVersion::pathSegment).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return pathSegment;
    }
}
