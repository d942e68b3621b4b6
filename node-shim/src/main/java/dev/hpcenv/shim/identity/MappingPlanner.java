package dev.hpcenv.shim.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the rootless user namespace: the job's own id mapped to itself, container ids below it
 * to the start of the subordinate range, and those above it to the rest, so that image files
 * owned by system users (0, 1, ...) keep distinct owners. Pure: the probe supplies the files.
 */
public final class MappingPlanner {
    private MappingPlanner() {}

    /** What the probe found on this node. */
    public record Inputs(
            String userName,
            long uid,
            long gid,
            List<String> subuidLines,
            List<String> subgidLines,
            boolean mappingToolsPresent,
            boolean fuseAllowsOther) {}

    public static UserMapping plan(Inputs in) {
        if (!in.mappingToolsPresent()) {
            return UserMapping.rootIsUser("newuidmap/newgidmap not found (Debian package uidmap)");
        }
        Optional<SubordinateRange> subuid = SubordinateRange.find(in.subuidLines(), in.userName(), in.uid());
        // newgidmap, too, looks the range up by the user's name or uid (not the gid).
        Optional<SubordinateRange> subgid = SubordinateRange.find(in.subgidLines(), in.userName(), in.uid());
        String problem = problem("/etc/subuid", subuid, in.userName(), in.uid());
        if (problem == null) {
            problem = problem("/etc/subgid", subgid, in.userName(), in.gid());
        }
        if (problem != null) {
            return UserMapping.rootIsUser(problem);
        }
        if (!in.fuseAllowsOther()) {
            // The runtime prepares the root file system as container root, a subordinate id, which
            // a FUSE mount of the job user lets in only with allow_other.
            return UserMapping.rootIsUser(
                    "/etc/fuse.conf lacks user_allow_other (FUSE mounts must admit container root)");
        }
        return new UserMapping(
                UserMapping.Mode.OWN_IDS, ranges(in.uid(), subuid.get()), ranges(in.gid(), subgid.get()), null);
    }

    private static String problem(String file, Optional<SubordinateRange> range, String name, long own) {
        if (range.isEmpty()) {
            return "no subordinate range for " + name + " in " + file;
        }
        if (range.get().count() < 1) {
            return "the subordinate range of " + name + " in " + file + " is empty";
        }
        if (range.get().contains(own)) {
            return "the subordinate range of " + name + " in " + file + " contains the user's own id " + own;
        }
        return null;
    }

    /** [0, id) and (id, ...) from the subordinate range, as far as it reaches; id -> id. */
    static List<IdRange> ranges(long id, SubordinateRange sub) {
        List<IdRange> out = new ArrayList<>();
        long below = Math.min(id, sub.count());
        if (below > 0) {
            out.add(new IdRange(0, sub.start(), below));
        }
        out.add(new IdRange(id, id, 1));
        long above = sub.count() - below;
        if (above > 0) {
            out.add(new IdRange(id + 1, sub.start() + below, above));
        }
        return out;
    }
}
