package dev.hpcenv.shim.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mount points visible to this process, from /proc/self/mountinfo. */
public final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    public static List<Path> mountPoints() {
        List<Path> out = new ArrayList<>();
        try {
            // Decoded leniently: a mount point whose name is not UTF-8 must not hide all the others.
            for (String line : new String(Files.readAllBytes(MOUNTINFO), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    out.add(Path.of(unescape(f[4])));
                }
            }
        } catch (IOException e) {
            // Without /proc nothing can be checked; callers then try to unmount and ignore failures.
        }
        return out;
    }

    public static boolean isMounted(Path p) {
        return mountPoints().contains(p.toAbsolutePath().normalize());
    }

    /** Mount points at or below {@code dir}, deepest first (the order to unmount them). */
    public static List<Path> under(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        return mountPoints().stream()
                .filter(p -> p.startsWith(d))
                .sorted((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()))
                .toList();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
