package dev.hpcenv.shim.cli;

import com.sun.security.auth.module.UnixSystem;
import dev.hpcenv.shim.bundle.ContainerIdentity;
import dev.hpcenv.shim.identity.MappingProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The caller's uid, gid, groups, name and home, without starting {@code id} or {@code getent}. */
final class IdentityProbe {
    private IdentityProbe() {
    }

    static ContainerIdentity probe(java.util.Map<String, String> env) {
        UnixSystem u = new UnixSystem();
        List<Long> groups = new ArrayList<>();
        for (long g : u.getGroups()) {
            if (g != u.getGid()) {
                groups.add(g);
            }
        }
        String name = u.getUsername() != null ? u.getUsername() : "user" + u.getUid();
        return new ContainerIdentity(u.getUid() != 0, u.getUid(), u.getGid(), groups, name,
                groupName(u.getGid(), name), System.getProperty("user.home"),
                MappingProbe.probe(name, u.getUid(), u.getGid(), env));
    }

    /** The group's name from /etc/group; the user name when the group comes from elsewhere (LDAP). */
    private static String groupName(long gid, String fallback) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/group"))) {
                String[] f = line.split(":", -1);
                if (f.length > 2 && f[2].equals(Long.toString(gid))) {
                    return f[0];
                }
            }
        } catch (IOException ignored) {
            // fall through
        }
        return fallback;
    }
}
