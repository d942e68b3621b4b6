package dev.hpcenv.operator.sync;

import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which node failed. Slurm's record of a job hit by a node failure names all its nodes but not the
 * failed one (22.05 clears the state description), so the sync asks for the node list once, when a
 * listing first shows such a job, and keeps the nodes Slurm reports down beside that listing.
 */
public final class DownNodes {

    /** Node states (base or flag, upper case) of a node that cannot run jobs because it failed. */
    private static final Set<String> DOWN = Set.of("DOWN", "FAIL", "FAILING", "NOT_RESPONDING", "NO_RESPOND");

    private DownNodes() {}

    /**
     * True when a job ended NODE_FAIL or was requeued since {@code previous} (or ever, when there is no
     * previous listing): only then is the node list worth a request.
     */
    public static boolean worthAsking(JobListing previous, List<JobInfo> jobs) {
        for (JobInfo job : jobs) {
            JobInfo before = previous == null ? null : previous.job(job.jobId()).orElse(null);
            if (job.state() == JobState.NODE_FAIL && (before == null || before.state() != JobState.NODE_FAIL)) {
                return true;
            }
            int restarts = job.restartCount() == null ? 0 : job.restartCount();
            int restartsBefore = before == null || before.restartCount() == null ? 0 : before.restartCount();
            if (restarts > restartsBefore) {
                return true;
            }
        }
        return false;
    }

    /** The down nodes, each with its states and Slurm's reason, e.g. {@code node2 -> DOWN,NOT_RESPONDING: Not responding}. */
    public static Map<String, String> of(List<Node> nodes) {
        Map<String, String> down = new LinkedHashMap<>();
        for (Node node : nodes) {
            if (node.name() != null && node.states().stream().anyMatch(DOWN::contains)) {
                String reason = node.reason() == null || node.reason().isBlank() ? "" : ": " + node.reason();
                down.put(node.name(), String.join(",", node.states()) + reason);
            }
        }
        return down;
    }

    /** Those of {@code nodes} that are down, as {@code node2 (DOWN,NOT_RESPONDING: Not responding)}; empty if none. */
    public static String among(List<String> nodes, Map<String, String> down) {
        return String.join(
                ", ",
                nodes.stream()
                        .filter(down::containsKey)
                        .distinct()
                        .map(n -> n + " (" + down.get(n) + ")")
                        .toList());
    }
}
