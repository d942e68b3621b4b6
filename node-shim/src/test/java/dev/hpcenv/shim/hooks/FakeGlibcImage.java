package dev.hpcenv.shim.hooks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An image tree for planning tests: empty files where a glibc image keeps what the hooks look for. */
final class FakeGlibcImage {
    private static final List<String> GLIBC = List.of(
            "sbin/ldconfig", "bin/sh", "usr/lib/x86_64-linux-gnu/libc.so.6", "usr/lib/x86_64-linux-gnu/libfabric.so.1");

    private FakeGlibcImage() {}

    /** {@code dir/image} with those files and {@code extra} (paths inside the image). */
    static Path create(Path dir, String... extra) throws IOException {
        Path image = Files.createDirectories(dir.resolve("image"));
        List<String> files = new ArrayList<>(GLIBC);
        files.addAll(List.of(extra));
        for (String f : files) {
            Files.createDirectories(image.resolve(f).getParent());
            Files.writeString(image.resolve(f), "");
        }
        return image;
    }
}
