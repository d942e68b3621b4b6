package dev.hpcenv.shim.image;

import java.nio.file.Path;

/** A Squashfs file ready to mount, with the run settings of the image it came from. */
public record SquashfsImage(Path path, ImageConfig config, String digest) {}
