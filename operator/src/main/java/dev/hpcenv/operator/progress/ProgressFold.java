package dev.hpcenv.operator.progress;

import dev.hpcenv.operator.logs.ProgressEvent;
import dev.hpcenv.operator.logs.Sender;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds one report of a shim into a job's {@link NodeReports}. Pure. Reports of an older run than
 * the newest one seen are ignored (a requeued job starts afresh); unknown events change nothing
 * but the time of the last report; a number that does not parse counts as unknown (-1). Service
 * events go to {@link ServiceFold}; a service supervisor is never counted as a task.
 */
final class ProgressFold {

    private ProgressFold() {}

    static NodeReports progress(NodeReports before, Sender sender, ProgressEvent event) {
        Optional<TreeMap<ServiceKey, NodeReports.ServiceReport>> services = ServiceFold.fold(before, sender, event);
        if (services.isPresent()) {
            return new NodeReports(
                    before.pull(), before.tasks(), services.get(), later(before.lastReport(), event.time()));
        }
        if (sender.isServices()) {
            // A supervisor is no task: its other events (none are defined) count only as a report.
            return new NodeReports(
                    before.pull(), before.tasks(), before.services(), later(before.lastReport(), event.time()));
        }
        if (sender.attempt() < before.latestAttempt()) {
            return before;
        }
        NodeReports.PullReport pull = before.pull();
        TreeMap<TaskKey, NodeReports.TaskReport> tasks = new TreeMap<>(before.tasks());
        TaskKey key = new TaskKey(sender.attempt(), sender.task());
        NodeReports.TaskReport task = tasks.getOrDefault(key, new NodeReports.TaskReport(sender.node(), false, null));
        Map<String, String> f = event.fields();
        String image = f.getOrDefault("image", pull == null ? "" : pull.image());
        switch (event.event()) {
            case "pull.wait" -> pull = pull(sender, "Waiting", image, pull, -1, -1, 0, event.message());
            case "pull.start", "pull.download" -> pull = pull(sender, "Pulling", image, pull, 0, -1, 0, "");
            case "pull.bytes" ->
                pull = pull(
                        sender,
                        "Pulling",
                        image,
                        pull,
                        number(f.get("bytesDone")),
                        number(f.get("bytesTotal")),
                        Math.max(0, number(f.get("bytesPerSecond"))),
                        "");
            case "pull.unpack" -> pull = pull(sender, "Unpacking", image, pull, -1, -1, 0, "");
            case "pull.squash" -> pull = pull(sender, "Squashing", image, pull, -1, -1, 0, "");
            case "pull.done" -> pull = pull(sender, "Done", image, pull, -1, -1, 0, "");
            case "pull.failed" ->
                pull = pull(sender, "Failed", image, pull, -1, -1, 0, f.getOrDefault("message", event.message()));
            case "container.started" -> task = new NodeReports.TaskReport(sender.node(), true, task.exitCode());
            default -> {
                return new NodeReports(pull, tasks, before.services(), later(before.lastReport(), event.time()));
            }
        }
        tasks.put(key, task);
        return new NodeReports(pull, tasks, before.services(), later(before.lastReport(), event.time()));
    }

    static NodeReports ended(NodeReports before, Sender sender, int exitCode, Instant at) {
        // A supervisor's end says how it ended; its services' ends came as service.* events.
        if (sender.isServices() || sender.attempt() < before.latestAttempt()) {
            return before;
        }
        TreeMap<TaskKey, NodeReports.TaskReport> tasks = new TreeMap<>(before.tasks());
        TaskKey key = new TaskKey(sender.attempt(), sender.task());
        NodeReports.TaskReport task = tasks.getOrDefault(key, new NodeReports.TaskReport(sender.node(), false, null));
        tasks.put(key, new NodeReports.TaskReport(sender.node(), task.started(), Math.max(0, Math.min(255, exitCode))));
        return new NodeReports(before.pull(), tasks, before.services(), later(before.lastReport(), at));
    }

    /**
     * A pull report: sizes that the event does not give (-1) keep the previous report's when it is the
     * same image, so that "unpacking" still knows how large the image was.
     */
    private static NodeReports.PullReport pull(
            Sender sender,
            String phase,
            String image,
            NodeReports.PullReport previous,
            long done,
            long total,
            long rate,
            String message) {
        boolean same = previous != null && previous.image().equals(image);
        long keptTotal = total >= 0 ? total : same ? previous.total() : -1;
        long keptDone = done >= 0 ? done : same ? previous.done() : 0;
        if (phase.equals("Done") && keptTotal > 0) {
            keptDone = keptTotal;
        }
        return new NodeReports.PullReport(
                phase,
                image,
                sender.node(),
                sender.attempt(),
                keptDone,
                keptTotal,
                rate,
                message == null ? "" : message);
    }

    private static long number(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Math.max(-1, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Instant later(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }
}
