package dev.hpcenv.shim.logship;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One sender of records (docs/job-output.md, section 2): a task of the job on a node, in one run of
 * the job, or the node's service supervisor ({@code task=service}, docs/workflows.md, section 3).
 * Slurm's variables, with defaults outside Slurm.
 */
public record SenderId(String node, String task, int attempt) {
    /** The {@code task} of a node's service supervisor: progress and end records only. */
    public static final String SERVICE = "service";

    public SenderId(String node, int task, int attempt) {
        this(node, Integer.toString(task), attempt);
    }

    /** @param host the node's name as the shim knows it (SLURMD_NODENAME, else the host name) */
    public static SenderId of(Map<String, String> env, String host) {
        return new SenderId(host, number(env.get("SLURM_PROCID"), 0), number(env.get("SLURM_RESTART_COUNT"), 0) + 1);
    }

    /** The node's service supervisor. */
    public static SenderId service(Map<String, String> env, String host) {
        return new SenderId(host, SERVICE, number(env.get("SLURM_RESTART_COUNT"), 0) + 1);
    }

    /** The query of one batch's POST. */
    String query(long seq) {
        return "node=" + URLEncoder.encode(node, StandardCharsets.UTF_8) + "&task="
                + URLEncoder.encode(task, StandardCharsets.UTF_8) + "&attempt=" + attempt + "&seq=" + seq;
    }

    private static int number(String value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.strip());
            return n < 0 ? otherwise : n;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
