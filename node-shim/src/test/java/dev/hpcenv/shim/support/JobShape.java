package dev.hpcenv.shim.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How many nodes and tasks a test job asks Slurm for, as an HpcJob's {@code nodes},
 * {@code tasksPerNode} and {@code tasks} do; and whether the local cluster has the nodes for it.
 *
 * @param tasksPerNode 0 when only the total {@code tasks} is given
 */
public record JobShape(int nodes, int tasksPerNode, int tasks) {

    public static JobShape total(int nodes, int tasks) {
        return new JobShape(nodes, 0, tasks);
    }

    public static JobShape perNode(int nodes, int tasksPerNode) {
        return new JobShape(nodes, tasksPerNode, nodes * tasksPerNode);
    }

    /** The MPI world size. */
    public int size() {
        return tasks;
    }

    /** sbatch's options for this shape (what the operator's submission sets). */
    public List<String> sbatchOptions() {
        List<String> out = new ArrayList<>(List.of("--nodes=" + nodes));
        out.add(tasksPerNode > 0 ? "--ntasks-per-node=" + tasksPerNode : "--ntasks=" + tasks);
        return out;
    }

    /**
     * Why this shape cannot run on a cluster of the given nodes, or empty when it can. One node
     * runs any number of tasks (the local node has CPUs enough for the tests' few ranks).
     */
    public Optional<String> unmetBy(List<String> clusterNodes) {
        if (clusterNodes.size() >= nodes) {
            return Optional.empty();
        }
        return Optional.of("needs " + nodes + " Slurm nodes, the local cluster has " + clusterNodes.size() + " "
                + clusterNodes + " (HPCENV_SLURM_NODES of dev/slurm-local.sh env; start it with"
                + " dev/slurm-local.sh start --nodes " + nodes + ")");
    }

    @Override
    public String toString() {
        return tasksPerNode > 0
                ? "nodes=" + nodes + ",tasksPerNode=" + tasksPerNode
                : "nodes=" + nodes + ",tasks=" + tasks;
    }

    /**
     * Node names from {@code HPCENV_SLURM_NODES}: separated by commas or spaces, in Slurm's
     * hostlist form ({@code node[1-3,5]}) or plain. Absent or blank: the one node of the default
     * local Slurm.
     */
    public static List<String> nodeNames(String value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return List.of("localhost");
        }
        for (String item : splitOutsideBrackets(value.strip())) {
            int open = item.indexOf('[');
            if (open < 0) {
                out.add(item);
                continue;
            }
            int close = item.indexOf(']', open);
            if (close < 0) {
                throw new IllegalArgumentException("HPCENV_SLURM_NODES: unclosed '[' in " + item);
            }
            String prefix = item.substring(0, open);
            String suffix = item.substring(close + 1);
            for (String range : item.substring(open + 1, close).split(",")) {
                String[] ab = range.split("-", 2);
                int width = ab[0].length();
                int from = Integer.parseInt(ab[0]);
                int to = ab.length == 2 ? Integer.parseInt(ab[1]) : from;
                for (int i = from; i <= to; i++) {
                    String n = Integer.toString(i);
                    out.add(prefix + "0".repeat(Math.max(0, width - n.length())) + n + suffix);
                }
            }
        }
        return out;
    }

    private static List<String> splitOutsideBrackets(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
            if (depth == 0 && (c == ',' || Character.isWhitespace(c))) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
