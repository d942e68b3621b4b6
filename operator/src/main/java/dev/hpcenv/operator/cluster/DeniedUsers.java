package dev.hpcenv.operator.cluster;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Slurm users no HpcJob is ever submitted as, whatever a SlurmCluster maps: uid 0 and root
 * always, and a configurable list of names (by default the system and daemon accounts). The CRD
 * refuses root with a CEL rule, but an API server that does not evaluate CEL, or a rule added
 * after the object was stored, lets it through: this check is the operator's own.
 *
 * @param names the denied names beside root and uid 0 (exact, case-sensitive, as POSIX names are)
 */
public record DeniedUsers(Set<String> names) {

    /** The variable that replaces {@link #DEFAULT_NAMES}; root and uid 0 stay denied. */
    public static final String VARIABLE = dev.hpcenv.operator.OperatorConfig.DENIED_USERS;
    /**
     * Root and the accounts that Debian, RHEL and Slurm installations create for daemons: a job as
     * one of them could read the munge key, Slurm's state or the system's files.
     */
    public static final List<String> DEFAULT_NAMES = List.of(
            "root",
            "toor",
            "daemon",
            "bin",
            "sys",
            "adm",
            "sync",
            "shutdown",
            "halt",
            "operator",
            "games",
            "man",
            "lp",
            "mail",
            "news",
            "uucp",
            "proxy",
            "www-data",
            "backup",
            "list",
            "irc",
            "gnats",
            "nobody",
            "nfsnobody",
            "systemd-network",
            "systemd-resolve",
            "messagebus",
            "sshd",
            "polkitd",
            "dbus",
            "slurm",
            "slurmrestd",
            "slurmdbd",
            "munge",
            "mysql");

    public static final DeniedUsers DEFAULT = new DeniedUsers(Set.copyOf(DEFAULT_NAMES));
    private static final Pattern NUMERIC = Pattern.compile("[0-9]+");
    private static final Pattern ZERO = Pattern.compile("0+");

    public DeniedUsers {
        Set<String> all = new LinkedHashSet<>(names);
        all.add("root");
        names = Set.copyOf(all);
    }

    /**
     * The list from {@value #VARIABLE}: names separated by commas or blanks; empty or unset gives the
     * default.
     */
    public static DeniedUsers parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.trim().split("[,\\s]+")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return new DeniedUsers(names);
    }

    /** Why {@code user} is denied, or empty when jobs may run as it. */
    public Optional<String> refusal(String user) {
        if (user == null || user.isBlank()) {
            return Optional.of("no user name");
        }
        if (ZERO.matcher(user).matches()) {
            return Optional.of("'" + user + "' is uid 0 (root), which never runs jobs");
        }
        if ("root".equals(user)) {
            return Optional.of("'root' never runs jobs");
        }
        if (names.contains(user)) {
            return Optional.of("'" + user + "' is in the operator's list of denied users (" + VARIABLE + ")");
        }
        if (NUMERIC.matcher(user).matches()) {
            // Some tools read an all-digit name as a uid; which uid it would be is not ours to guess.
            return Optional.of("'" + user + "' is all digits, which some tools read as a uid");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return String.join(",", names.stream().sorted().toList());
    }

    /** For messages: the names as a sorted list. */
    public String describe() {
        return Arrays.toString(names.stream().sorted().toArray());
    }
}
