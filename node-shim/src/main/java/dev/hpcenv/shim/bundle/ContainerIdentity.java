package dev.hpcenv.shim.bundle;

import java.util.List;

/**
 * Who the container runs as. Rootless (the shim is not root): runc 1.1 needs the container's
 * root mapped, so container uid/gid 0 is the job's own uid/gid on the host, and the kernel keeps
 * the job's supplementary groups (runc does not call setgroups). As root: no user namespace.
 */
public record ContainerIdentity(boolean rootless, long hostUid, long hostGid, List<Long> supplementaryGids,
                                String userName, String groupName, String home) {
    public long containerUid() {
        return rootless ? 0 : hostUid;
    }

    public long containerGid() {
        return rootless ? 0 : hostGid;
    }
}
