package dev.hpcenv.shim.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a job sees of a login session on the node. A job submitted through slurmrestd has only the
 * environment the operator gives it, while EDFs (the CSCS engine's among them) use {@code ${HOME}},
 * {@code ${USER}} and the site's {@code ${SCRATCH}}: the shim defines the login variables from the
 * job user's account and the site's variables from its configuration, each only where the job's
 * environment has no value of its own.
 */
public final class LoginVariables {
    /**
     * The variables a login shell defines that every job on a node with this shim has. Whoever
     * checks an environment's {@code ${VAR}} before it reaches a node may count them as defined,
     * beside the job's own variables and the site's {@code [variables]}.
     */
    public static final List<String> NAMES = List.of("HOME", "USER", "LOGNAME", "SHELL");

    private LoginVariables() {}

    /**
     * The job user's account, as the password database (getpwuid of the real uid) gives it; an
     * empty value is unknown and defines nothing.
     *
     * @param shell asked only when the job's environment has no SHELL (it may cost a lookup)
     */
    public record Account(Optional<String> name, Optional<String> home, Supplier<Optional<String>> shell) {}

    /** The environment with each login variable the job lacks (unset or empty) taken from the account. */
    public static Map<String, String> complete(Map<String, String> env, Account account) {
        Map<String, String> out = new LinkedHashMap<>(env);
        putIfMissing(out, "HOME", account::home);
        putIfMissing(out, "USER", account::name);
        putIfMissing(out, "LOGNAME", account::name);
        putIfMissing(out, "SHELL", account.shell());
        return out;
    }

    /** The environment with each site variable the job lacks (unset or empty). */
    public static Map<String, String> withSiteVariables(Map<String, String> env, Map<String, String> site) {
        if (site.isEmpty()) {
            return env;
        }
        Map<String, String> out = new LinkedHashMap<>(env);
        site.forEach((name, value) -> putIfMissing(out, name, () -> Optional.of(value)));
        return out;
    }

    private static void putIfMissing(Map<String, String> env, String name, Supplier<Optional<String>> value) {
        String current = env.get(name);
        if (current == null || current.isEmpty()) {
            value.get().filter(v -> !v.isEmpty()).ifPresent(v -> env.put(name, v));
        }
    }
}
