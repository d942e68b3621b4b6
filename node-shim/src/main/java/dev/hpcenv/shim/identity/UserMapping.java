package dev.hpcenv.shim.identity;

import java.util.List;

/**
 * How the container's ids relate to the host's.
 *
 * @param mode     see {@link Mode}
 * @param uids     for {@link Mode#OWN_IDS}: the namespace's uid_map (container -> host)
 * @param gids     likewise for groups
 * @param fallback for {@link Mode#ROOT_IS_USER}: why the job's own ids could not be used (one line)
 */
public record UserMapping(Mode mode, List<IdRange> uids, List<IdRange> gids, String fallback) {
    public enum Mode {
        /** The shim runs as root: no user namespace, the container runs as root. */
        HOST,
        /**
         * Rootless, the job's uid and gid mapped to themselves and container root to a subordinate
         * id. The shim makes the namespace (newuidmap/newgidmap) and starts the runtime inside it
         * as that namespace's root; the bundle has no user namespace of its own.
         */
        OWN_IDS,
        /** Rootless fallback: container root is the job user (the only mapping runc 1.1 takes alone). */
        ROOT_IS_USER
    }

    public UserMapping {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    public static UserMapping host() {
        return new UserMapping(Mode.HOST, List.of(), List.of(), null);
    }

    public static UserMapping rootIsUser(String reason) {
        return new UserMapping(Mode.ROOT_IS_USER, List.of(), List.of(), reason);
    }

    public boolean ownIds() {
        return mode == Mode.OWN_IDS;
    }
}
