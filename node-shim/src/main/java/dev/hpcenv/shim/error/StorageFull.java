package dev.hpcenv.shim.error;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A full file system or an exhausted quota, from the shim's own writes or a tool's (skopeo, umoci,
 * mksquashfs, buildah): one line naming the place, its free space and the setting that moves it,
 * instead of the tool's last words ({@code FATAL ERROR: Failed to write to output filesystem}).
 * The tools run in the C.UTF-8 locale the launcher gives the JVM, so their messages are the C ones.
 */
public final class StorageFull {
    private static final Pattern SAYS = Pattern.compile(
            "no space left on device|disk quota exceeded|\\bENOSPC\\b|\\bEDQUOT\\b", Pattern.CASE_INSENSITIVE);

    /**
     * Where a step writes.
     *
     * @param path    the directory written
     * @param setting what moves it and how to make room, e.g. {@code image_store in the site configuration ...}
     */
    public record Place(String what, Path path, String fix) {}

    private StorageFull() {}

    /** Whether a message (a tool's stderr, an exception's) says the file system is full or over quota. */
    public static boolean says(String message) {
        return message != null && SAYS.matcher(message).find();
    }

    /** Whether an exception, or one it wraps, is a full file system. */
    public static boolean says(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (says(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one-line error, once the partial files are gone: {@code step failed: the image store /x ran
     * out of space (2.0 GiB in all, 12.0 KiB free without this step's files); nothing was kept (hint: ...)}.
     */
    public static ShimException error(String step, Place place, String cause) {
        boolean quota = cause != null && cause.toLowerCase(Locale.ROOT).contains("quota");
        return ShimException.environment(
                step + " failed: the " + place.what() + " " + place.path()
                        + (quota ? " went over its owner's disk quota" : " ran out of space") + space(place.path())
                        + "; nothing was kept",
                place.fix());
    }

    /** " (2.0 GiB in all, 12.0 KiB free without this step's files)", or nothing when the file system cannot be asked. */
    static String space(Path path) {
        return store(path)
                .map(s -> {
                    try {
                        return " (" + human(s.getTotalSpace()) + " in all, " + human(s.getUsableSpace())
                                + " free without this step's files)";
                    } catch (IOException e) {
                        return "";
                    }
                })
                .orElse("");
    }

    private static Optional<FileStore> store(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return Optional.of(Files.getFileStore(p));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
