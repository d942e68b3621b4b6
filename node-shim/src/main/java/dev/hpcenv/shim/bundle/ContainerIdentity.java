package dev.hpcenv.shim.bundle;

import dev.hpcenv.shim.identity.UserMapping;
import java.util.List;

/**
 * Who the container runs as. As root: no user namespace, uid/gid 0. Rootless, by
 * {@link UserMapping#mode()}: with subordinate ids the job's own uid/gid inside, mapped to
 * themselves ({@code OWN_IDS}); without, container root is the job user ({@code ROOT_IS_USER},
 * runc 1.1's only single mapping). Either way the kernel keeps the job's supplementary groups
 * (nothing calls setgroups).
 */
public record ContainerIdentity(
        boolean rootless,
        long hostUid,
        long hostGid,
        List<Long> supplementaryGids,
        String userName,
        String groupName,
        String home,
        UserMapping mapping) {

    /** An identity whose mapping follows from the caller alone: host as root, else container root = user. */
    public ContainerIdentity(
            boolean rootless,
            long hostUid,
            long hostGid,
            List<Long> supplementaryGids,
            String userName,
            String groupName,
            String home) {
        this(
                rootless,
                hostUid,
                hostGid,
                supplementaryGids,
                userName,
                groupName,
                home,
                rootless ? UserMapping.rootIsUser("not probed") : UserMapping.host());
    }

    /** The bundle's own user namespace: only when container root is the job user. */
    public boolean bundleUserNamespace() {
        return mapping.mode() == UserMapping.Mode.ROOT_IS_USER;
    }

    public long containerUid() {
        return bundleUserNamespace() ? 0 : hostUid;
    }

    public long containerGid() {
        return bundleUserNamespace() ? 0 : hostGid;
    }
}
