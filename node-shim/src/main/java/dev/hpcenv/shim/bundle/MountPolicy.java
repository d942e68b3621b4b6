package dev.hpcenv.shim.bundle;

import dev.hpcenv.shim.error.ShimException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The site's {@code [mounts] deny}: host paths no environment may bind. An entry denies itself and
 * everything below it ({@code /etc} denies {@code /etc/ssh}), except {@code /}, which denies
 * exactly the root (else it would deny everything). Sources are compared after resolving
 * symlinks and {@code ..}, and entries both as written and resolved, so neither
 * {@code /tmp/../etc}, a symlink to {@code /etc} nor {@code /var/run} for a denied {@code /run}
 * gets through.
 *
 * @param deny   the entries, absolute paths
 * @param origin where they were configured, for the refusal (e.g. the site configuration's path)
 */
public record MountPolicy(List<String> deny, String origin) {
    public static final MountPolicy NONE = new MountPolicy(List.of(), "");

    public MountPolicy {
        deny = List.copyOf(deny);
    }

    /** Refuses {@code source} (resolving to {@code real}) with one line naming the entry. */
    void check(String where, Path source, Path real) {
        Optional<String> entry = denying(source, real);
        if (entry.isPresent()) {
            String resolved = real.equals(source.normalize()) ? "" : " (resolves to " + real + ")";
            throw ShimException.environment(
                    where + ": source " + source + resolved + " is denied by the site" + " (mounts.deny \""
                            + entry.get() + "\"" + (origin.isEmpty() ? "" : " in " + origin) + ")",
                    "bind a directory outside it; the site's administrators decide what may be mounted");
        }
    }

    /** The entry that denies the source, if any. */
    Optional<String> denying(Path source, Path real) {
        for (String entry : deny) {
            for (Path d : forms(entry)) {
                boolean root = d.getNameCount() == 0;
                for (Path candidate : List.of(real, source.normalize())) {
                    if (root ? candidate.getNameCount() == 0 : candidate.startsWith(d)) {
                        return Optional.of(entry);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Set<Path> forms(String entry) {
        Set<Path> out = new LinkedHashSet<>();
        Path p = Path.of(entry).normalize();
        out.add(p);
        if (Files.exists(p)) {
            try {
                out.add(p.toRealPath());
            } catch (IOException ignored) {
                // an entry that cannot be resolved is compared as written
            }
        }
        return out;
    }
}
