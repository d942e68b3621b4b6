package dev.hpcenv.operator.logs.store;

import java.util.regex.Pattern;

/**
 * Slurm node names as the log path accepts them (ingest's {@code node=}, the reader's {@code node=}):
 * they end up in the {@code [node/task]} prefix on a user's terminal, so nothing else passes.
 */
public final class NodeNames {
    public static final int MAX_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private NodeNames() {}

    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static String describe() {
        return "a Slurm node name (1 to 64 letters, digits, '.', '_', '-'; starting with a letter or digit)";
    }
}
