package dev.hpcenv.shim.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the container's /etc/passwd and /etc/group: the image's own entries plus the job
 * user, so that {@code id}, {@code whoami} and tools that look up the user work. The job user
 * has the container's uid and gid (its own ids, or 0 when container root is the job user); its
 * entry comes first so that lookups of that uid give the job user's name and home, while
 * {@code root} still resolves by name.
 */
public final class UserDatabase {
    private UserDatabase() {}

    public static String passwd(List<String> imageLines, ContainerIdentity id) {
        String entry =
                id.userName() + ":x:" + id.containerUid() + ":" + id.containerGid() + "::" + id.home() + ":/bin/sh";
        return merge(imageLines, entry, id.userName());
    }

    public static String group(List<String> imageLines, ContainerIdentity id) {
        String entry = id.groupName() + ":x:" + id.containerGid() + ":";
        return merge(imageLines, entry, id.groupName());
    }

    private static String merge(List<String> imageLines, String entry, String name) {
        List<String> out = new ArrayList<>();
        out.add(entry);
        for (String l : imageLines) {
            if (!l.isBlank() && !l.startsWith(name + ":")) {
                out.add(l);
            }
        }
        return String.join("\n", out) + "\n";
    }

    public static List<String> readImageFile(Path rootfs, String relative) {
        Path f = rootfs.resolve(relative);
        try {
            // Decoded leniently: one Latin-1 comment field must not cost the image all its users.
            return Files.isRegularFile(f)
                    ? new String(Files.readAllBytes(f), StandardCharsets.UTF_8)
                            .lines()
                            .toList()
                    : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
