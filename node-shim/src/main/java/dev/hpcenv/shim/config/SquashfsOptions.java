package dev.hpcenv.shim.config;

import java.util.ArrayList;
import java.util.List;

/** How the store builds Squashfs files: zstd level 1 by default (fast to build, fast to start). */
public record SquashfsOptions(String compression, Integer level, String blockSize) {
    public static final SquashfsOptions DEFAULT = new SquashfsOptions("zstd", 1, null);

    /** The compression arguments for mksquashfs. */
    public List<String> mksquashfsArgs() {
        List<String> args = new ArrayList<>(List.of("-comp", compression));
        if (level != null) {
            args.addAll(List.of("-Xcompression-level", level.toString()));
        }
        if (blockSize != null) {
            args.addAll(List.of("-b", blockSize));
        }
        return args;
    }
}
