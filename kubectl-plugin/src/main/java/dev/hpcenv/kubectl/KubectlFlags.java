package dev.hpcenv.kubectl;

/**
 * kubectl's global flags that the plugin hands on to every kubectl it runs, so that whatever the user
 * gives kubectl to reach and authenticate to the cluster works for the plugin too. kubectl refuses
 * flags before a plugin's name, so they arrive among the plugin's own arguments.
 */
final class KubectlFlags {

    /** Flags with a value, by long name. */
    private static final String[] WITH_VALUE = {
        "kubeconfig",
        "context",
        "cluster",
        "user",
        "token",
        "as",
        "as-group",
        "as-uid",
        "request-timeout",
        "server",
        "tls-server-name",
        "certificate-authority",
        "client-certificate",
        "client-key",
        "cache-dir",
        "v",
    };

    /** Flags that are true or false. */
    private static final String[] BOOLEAN = {"insecure-skip-tls-verify"};

    static final String LIST = "--kubeconfig, --context, --cluster, --user, --token, --as, --as-group, --as-uid,"
            + " --request-timeout, -s/--server, --tls-server-name, --insecure-skip-tls-verify,"
            + " --certificate-authority, --client-certificate, --client-key, --cache-dir, -v/--v";

    private KubectlFlags() {}

    /** The long name of a short kubectl flag, or null. */
    static String longName(char shortName) {
        return switch (shortName) {
            case 's' -> "server";
            case 'v' -> "v";
            default -> null;
        };
    }

    static boolean takesValue(String longName) {
        return contains(WITH_VALUE, longName);
    }

    static boolean isBoolean(String longName) {
        return contains(BOOLEAN, longName);
    }

    private static boolean contains(String[] names, String name) {
        for (String candidate : names) {
            if (candidate.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
