package dev.hpcenv.operator.progress;

import dev.hpcenv.crd.v1alpha1.ImagePull;
import dev.hpcenv.crd.v1alpha1.JobProgress;
import dev.hpcenv.crd.v1alpha1.TaskItem;
import dev.hpcenv.crd.v1alpha1.TaskProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status a job's {@link NodeReports} show: {@code status.progress} with its one-line summary
 * for the Progress column. Only the newest run counts. Pure.
 */
final class ProgressSummary {
    static final int MESSAGE_MAX = 1024;
    static final int SUMMARY_MAX = 256;

    private ProgressSummary() {}

    static JobProgress of(NodeReports reports) {
        JobProgress p = new JobProgress();
        int attempt = reports.latestAttempt();
        NodeReports.PullReport pull = reports.pull();
        if (pull != null && pull.attempt() >= attempt) {
            p.setImage(image(pull));
        }
        int started = 0;
        int ended = 0;
        int failed = 0;
        List<TaskItem> items = new ArrayList<>();
        for (Map.Entry<TaskKey, NodeReports.TaskReport> e : reports.tasks().entrySet()) {
            if (e.getKey().attempt() != attempt) {
                continue;
            }
            NodeReports.TaskReport t = e.getValue();
            started += t.started() ? 1 : 0;
            if (t.exitCode() != null) {
                ended++;
                failed += t.exitCode() != 0 ? 1 : 0;
            }
            if (items.size() < TaskProgress.MAX_ITEMS) {
                items.add(new TaskItem(e.getKey().task(), t.node(), attempt, t.started() ? true : null, t.exitCode()));
            }
        }
        if (!items.isEmpty()) {
            TaskProgress tasks = new TaskProgress();
            tasks.setStarted(started);
            tasks.setEnded(ended);
            tasks.setFailed(failed);
            tasks.setItems(items);
            p.setTasks(tasks);
        }
        p.setSummary(cut(
                summary(p.getImage(), started, ended, failed, reports.tasks().isEmpty()), SUMMARY_MAX));
        return p;
    }

    private static ImagePull image(NodeReports.PullReport pull) {
        ImagePull i = new ImagePull();
        i.setPhase(pull.phase());
        i.setImage(cut(pull.image(), 1024));
        i.setNode(cut(pull.node(), 253));
        if (pull.total() > 0) {
            i.setBytesTotal(pull.total());
            long done = Math.min(pull.done(), pull.total());
            i.setBytesDone(done);
            i.setPercent((int) (done * 100 / pull.total()));
        } else if (pull.done() > 0) {
            i.setBytesDone(pull.done());
        }
        if (pull.phase().equals("Pulling") && pull.bytesPerSecond() > 0) {
            i.setBytesPerSecond(pull.bytesPerSecond());
        }
        if (!pull.message().isEmpty()) {
            i.setMessage(cut(pull.message(), MESSAGE_MAX));
        }
        return i;
    }

    private static String summary(ImagePull image, int started, int ended, int failed, boolean noTasks) {
        if (image != null && !image.getPhase().equals("Done")) {
            return switch (image.getPhase()) {
                case "Waiting" -> "waiting for another pull of the image";
                case "Pulling" ->
                    image.getPercent() != null
                            ? "pulling " + image.getPercent() + "% of " + bytes(image.getBytesTotal())
                            : "pulling " + bytes(image.getBytesDone() == null ? 0 : image.getBytesDone());
                case "Unpacking" -> "unpacking the image";
                case "Squashing" -> "building the image's Squashfs";
                default -> "pull failed" + (image.getMessage() == null ? "" : ": " + image.getMessage());
            };
        }
        if (noTasks) {
            return image == null ? "" : "image ready";
        }
        if (ended == 0) {
            return started == 1 ? "1 task running" : started + " tasks running";
        }
        String end =
                ended + (ended == 1 ? " task" : " tasks") + " ended" + (failed > 0 ? ", " + failed + " failed" : "");
        int running = Math.max(0, started - ended);
        return running > 0 ? running + " running, " + end : end;
    }

    /** Decimal units, as registries and kubectl show sizes: 210 MB, 1.5 GB. */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + " "
                + units[u];
    }

    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
