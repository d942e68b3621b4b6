package dev.hpcenv.kubectl;

/**
 * The names the log API takes, checked before anything is run: a mistyped name gets an error naming
 * the argument instead of a 404 from the server. Character loops, not regular expressions, so that a
 * megabyte-long argument costs one pass.
 */
final class Names {

    static final String JOB = "an HpcJob name (a DNS subdomain: at most 253 of a-z, 0-9, '-' and '.',"
            + " each part starting and ending with a letter or digit)";
    static final String NAMESPACE = "a namespace name (a DNS label: at most 63 of a-z, 0-9 and '-',"
            + " starting and ending with a letter or digit)";
    static final String NODE =
            "a node name (at most 253 of A-Z, a-z, 0-9, '.', '_' and '-'," + " starting with a letter or digit)";

    private Names() {}

    static boolean isDnsLabel(String name) {
        return name.length() <= 63 && isLabel(name, 0, name.length());
    }

    static boolean isDnsSubdomain(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        int start = 0;
        while (true) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (!isLabel(name, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    /** Slurm node names as SLURMD_NODENAME gives them: host-name characters, case kept. */
    static boolean isNodeName(String name) {
        if (name.isEmpty() || name.length() > 253 || !isAsciiAlphanumeric(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLabel(String name, int start, int end) {
        if (end <= start || !isLowerAlphanumeric(name.charAt(start)) || !isLowerAlphanumeric(name.charAt(end - 1))) {
            return false;
        }
        for (int i = start + 1; i < end - 1; i++) {
            char c = name.charAt(i);
            if (!isLowerAlphanumeric(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
    }
}
