package dev.hpcenv.shim.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@link MappingPlanner} needs from the node: /etc/subuid, /etc/subgid, /etc/fuse.conf
 * and whether the setuid helpers exist. A few small files: cheap enough for every start.
 */
public final class MappingProbe {
    static final Path SUBUID = Path.of("/etc/subuid");
    static final Path SUBGID = Path.of("/etc/subgid");
    static final Path FUSE_CONF = Path.of("/etc/fuse.conf");

    private MappingProbe() {}

    public static UserMapping probe(String userName, long uid, long gid, Map<String, String> env) {
        if (uid == 0) {
            return UserMapping.host();
        }
        boolean tools = Tool.find("newuidmap", env) != null && Tool.find("newgidmap", env) != null;
        return MappingPlanner.plan(new MappingPlanner.Inputs(
                userName, uid, gid, lines(SUBUID), lines(SUBGID), tools, fuseAllowsOther(lines(FUSE_CONF))));
    }

    /** fusermount honours an uncommented {@code user_allow_other} line. */
    static boolean fuseAllowsOther(List<String> fuseConf) {
        for (String line : fuseConf) {
            if (line.strip().equals("user_allow_other")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
