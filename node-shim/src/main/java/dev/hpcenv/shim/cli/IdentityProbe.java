package dev.hpcenv.shim.cli;

import com.sun.security.auth.module.UnixSystem;
import dev.hpcenv.shim.bundle.ContainerIdentity;
import dev.hpcenv.shim.identity.MappingProbe;
import dev.hpcenv.shim.spec.LoginVariables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The caller's uid, gid, groups, name and home, without starting {@code id} or {@code getent}. */
final class IdentityProbe {
    private IdentityProbe() {}

    static ContainerIdentity probe(java.util.Map<String, String> env) {
        UnixSystem u = new UnixSystem();
        List<Long> groups = new ArrayList<>();
        for (long g : u.getGroups()) {
            if (g != u.getGid()) {
                groups.add(g);
            }
        }
        String name = u.getUsername() != null ? u.getUsername() : "user" + u.getUid();
        return new ContainerIdentity(
                u.getUid() != 0,
                u.getUid(),
                u.getGid(),
                groups,
                name,
                groupName(u.getGid(), name),
                System.getProperty("user.home"),
                MappingProbe.probe(name, u.getUid(), u.getGid(), env));
    }

    /**
     * The job user's account for the login variables: getpwuid of the real uid (the JVM's user
     * name and home come from it), never the environment. The shell, which the JVM does not
     * give, is looked up only when asked.
     */
    static LoginVariables.Account account(long uid) {
        String name = new UnixSystem().getUsername();
        String home = System.getProperty("user.home");
        // JDK 17 says "?" when the password database has no entry for the uid.
        Optional<String> knownHome =
                home == null || home.isBlank() || home.equals("?") ? Optional.empty() : Optional.of(home);
        return new LoginVariables.Account(Optional.ofNullable(name), knownHome, () -> shell(uid));
    }

    /** The login shell: /etc/passwd, then the name service (LDAP, sssd) through getent. */
    static Optional<String> shell(long uid) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.ISO_8859_1)) {
                Optional<String> s = shellField(line, uid);
                if (s.isPresent()) {
                    return s;
                }
            }
        } catch (IOException ignored) {
            // fall through to the name service
        }
        try {
            Process p = new ProcessBuilder("getent", "passwd", Long.toString(uid))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            // One line fits the pipe: wait first, so that a hung name service costs at most the timeout.
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return out.lines()
                        .map(l -> shellField(l, uid))
                        .flatMap(Optional::stream)
                        .findFirst();
            }
            p.destroyForcibly();
        } catch (IOException e) {
            // no getent: no SHELL, as without an account
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** {@code name:x:uid:gid:gecos:home:shell}; an empty shell field means /bin/sh (login(1)). */
    static Optional<String> shellField(String line, long uid) {
        String[] f = line.split(":", -1);
        if (f.length < 7 || !f[2].equals(Long.toString(uid))) {
            return Optional.empty();
        }
        return Optional.of(f[6].isEmpty() ? "/bin/sh" : f[6]);
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
