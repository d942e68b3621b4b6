package dev.hpcenv.shim.identity;

import java.util.List;
import java.util.Optional;

/**
 * A user's subordinate id range from /etc/subuid or /etc/subgid ({@code NAME-OR-ID:START:COUNT}).
 * Both the user name and the numeric id are legal owners; the first entry for either is used.
 */
public record SubordinateRange(long start, long count) {
    /** The first well-formed entry owned by {@code name} or {@code id}; malformed lines are skipped. */
    public static Optional<SubordinateRange> find(List<String> lines, String name, long id) {
        String numeric = Long.toString(id);
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":");
            if (f.length != 3 || !(f[0].equals(name) || f[0].equals(numeric))) {
                continue;
            }
            try {
                long start = Long.parseLong(f[1]);
                long count = Long.parseLong(f[2]);
                if (start >= 0 && count >= 0) {
                    return Optional.of(new SubordinateRange(start, count));
                }
            } catch (NumberFormatException ignored) {
                // not an entry newuidmap would accept either
            }
        }
        return Optional.empty();
    }

    boolean contains(long id) {
        return id >= start && id < start + count;
    }
}
