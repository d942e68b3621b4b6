package dev.hpcenv.shim.image;

import dev.hpcenv.model.ImageRef;
import dev.hpcenv.shim.error.ShimException;

/**
 * A registry image, as the store uses it. Built from the {@link ImageRef} that edf-converter
 * derives from the EDF {@code image} string (both {@code #} and {@code /} forms).
 */
public record ImageReference(String registry, String repository, String tag, String digest, String user) {
    public ImageReference {
        if (registry == null || registry.isBlank() || repository == null || repository.isBlank()) {
            throw ShimException.environment(
                    "image reference without registry or repository",
                    "write the image as REGISTRY#REPOSITORY[:TAG] or REGISTRY/REPOSITORY[:TAG]");
        }
        if (digest != null && !digest.matches("sha256:[0-9a-f]{64}")) {
            throw ShimException.environment("image digest '" + digest + "' is not sha256:<64 hex digits>", null);
        }
    }

    public static ImageReference of(ImageRef ref) {
        String tag = ref.getTag() == null && ref.getDigest() == null ? "latest" : ref.getTag();
        return new ImageReference(ref.getRegistry(), ref.getRepository(), tag, ref.getDigest(), ref.getUser());
    }

    /** registry/repository, the name skopeo and registries use. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The reference as skopeo's docker transport spells it, pinned to the digest when known. */
    public String dockerUri(String pinnedDigest) {
        if (pinnedDigest != null) {
            return "docker://" + name() + "@" + pinnedDigest;
        }
        return "docker://" + name() + ":" + tag;
    }

    public ImageReference withDigest(String d) {
        return new ImageReference(registry, repository, tag, d, user);
    }

    @Override
    public String toString() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
