package dev.hpcenv.edf.image;

import dev.hpcenv.model.ImageRef;

/** What an {@code image} value names: a registry image or a Squashfs file. */
public sealed interface ImageSource {

    /** A registry reference taken apart. */
    record Registry(String registry, String repository, String tag, String digest, String user) implements ImageSource {
        public ImageRef toImageRef() {
            return new ImageRef(registry, repository, tag, digest, user);
        }
    }

    /** A Squashfs file as written: absolute, or relative ({@code ./}) to the caller's working directory. */
    record SquashfsFile(String path) implements ImageSource {}
}
