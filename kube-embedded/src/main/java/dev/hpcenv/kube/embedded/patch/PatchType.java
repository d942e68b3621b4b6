package dev.hpcenv.kube.embedded.patch;

import java.util.Locale;
import java.util.Optional;

/** The PATCH content types a Kubernetes API server accepts. */
public enum PatchType {
    JSON_PATCH("application/json-patch+json"),
    MERGE_PATCH("application/merge-patch+json"),
    STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
    /** Server-side apply, approximated by {@link ApplyPatch}. */
    APPLY_PATCH("application/apply-patch+yaml");

    private final String mediaType;

    PatchType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type named by a Content-Type header (parameters such as charset ignored). */
    public static Optional<PatchType> fromContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String bare = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (PatchType type : values()) {
            if (type.mediaType.equals(bare)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
