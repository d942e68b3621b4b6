package dev.hpcenv.operator.job;

import dev.hpcenv.crd.v1alpha1.ArrayFailedIndex;
import dev.hpcenv.crd.v1alpha1.ArrayStatus;
import dev.hpcenv.slurm.ArrayIndexes;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A job array as one job: its elements counted by state from the records of one listing, and one
 * {@link JobInfo} for the whole array that the single-job rules ({@link SlurmOutcome}) turn into the
 * phase. Phase rules (docs/workflows.md, section 4): Succeeded only when every element succeeded;
 * Failed once all ended and one failed; Cancelled once all ended, none failed and one was cancelled;
 * Running while an element runs; pending otherwise.
 *
 * @param status the counts and the first {@link ArrayStatus#MAX_FAILED_INDEXES} failed indexes
 * @param whole  the array as one job, with the array's id
 */
public record ArraySummary(ArrayStatus status, JobInfo whole) {

    /**
     * @param arrayId    the id the array's submission returned
     * @param expression spec.array, for the total; the records' own count when it cannot be read
     * @param records    the listing's records of the array (elements, and the record of those not started)
     */
    public static ArraySummary of(long arrayId, String expression, List<JobInfo> records) {
        int pending = 0;
        int running = 0;
        int succeeded = 0;
        int failed = 0;
        int cancelled = 0;
        List<JobInfo> failures = new ArrayList<>();
        for (JobInfo r : records) {
            int weight = r.isPendingArrayRecord() ? weight(r) : 1;
            switch (kind(r)) {
                case PENDING -> pending += weight;
                case RUNNING -> running += weight;
                case SUCCEEDED -> succeeded += weight;
                case CANCELLED -> cancelled += weight;
                case FAILED -> {
                    failed += weight;
                    failures.add(r);
                }
            }
        }
        int counted = pending + running + succeeded + failed + cancelled;
        int total = total(expression, counted);
        ArrayStatus s = new ArrayStatus();
        s.setTotal(total);
        // Elements not listed yet (the listing raced the submission) are not started.
        s.setPending(pending + Math.max(0, total - counted));
        s.setRunning(running);
        s.setSucceeded(succeeded);
        s.setFailed(failed);
        s.setCancelled(cancelled);
        s.setFailedIndexes(failures.stream()
                .filter(f -> f.arrayTaskId() != null)
                .sorted(Comparator.comparingLong(JobInfo::arrayTaskId))
                .limit(ArrayStatus.MAX_FAILED_INDEXES)
                .map(f -> new ArrayFailedIndex(
                        f.arrayTaskId(), f.exit() == null ? null : f.exit().exitCode()))
                .toList());
        return new ArraySummary(s, whole(arrayId, records, s, failures));
    }

    private enum Kind {
        PENDING,
        RUNNING,
        SUCCEEDED,
        FAILED,
        CANCELLED
    }

    private static Kind kind(JobInfo r) {
        JobState state = r.state();
        if (!state.isTerminal()) {
            return switch (state) {
                case CONFIGURING, RUNNING, SUSPENDED, COMPLETING -> Kind.RUNNING;
                default -> Kind.PENDING;
            };
        }
        return switch (state) {
            case COMPLETED -> r.exit() == null || r.exit().succeeded() ? Kind.SUCCEEDED : Kind.FAILED;
            case CANCELLED -> Kind.CANCELLED;
            default -> Kind.FAILED;
        };
    }

    /** How many elements the record of those not started stands for; one when its task string is unreadable. */
    private static int weight(JobInfo r) {
        try {
            return (int) Math.min(
                    Integer.MAX_VALUE, ArrayIndexes.parse(r.arrayTaskString()).count());
        } catch (IllegalArgumentException e) {
            return 1;
        }
    }

    private static int total(String expression, int counted) {
        try {
            return (int)
                    Math.min(Integer.MAX_VALUE, ArrayIndexes.parse(expression).count());
        } catch (IllegalArgumentException e) {
            return counted;
        }
    }

    private static JobInfo whole(long arrayId, List<JobInfo> records, ArrayStatus s, List<JobInfo> failures) {
        JobInfo first =
                records.stream().filter(r -> r.jobId() == arrayId).findFirst().orElse(records.get(0));
        boolean ended = s.getPending() == 0 && s.getRunning() == 0;
        JobState state;
        ExitStatus exit = null;
        String reason = null;
        if (!ended) {
            state = s.getRunning() > 0 ? JobState.RUNNING : JobState.PENDING;
            // Why the elements wait (Priority, JobArrayTaskLimit, DependencyNeverSatisfied, ...).
            reason = records.stream()
                    .filter(r -> !r.state().isTerminal())
                    .map(JobInfo::stateReason)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
        } else if (s.getFailed() > 0) {
            state = JobState.FAILED;
            exit = failures.stream()
                    .min(Comparator.comparingLong(f -> f.arrayTaskId() == null ? Long.MAX_VALUE : f.arrayTaskId()))
                    .map(JobInfo::exit)
                    .orElse(null);
        } else if (s.getCancelled() > 0) {
            state = JobState.CANCELLED;
        } else {
            state = JobState.COMPLETED;
            exit = ExitStatus.exited(0);
        }
        TreeSet<String> nodes = new TreeSet<>();
        records.stream().filter(r -> !r.state().isTerminal() || ended).forEach(r -> nodes.addAll(r.nodes()));
        return new JobInfo(
                arrayId,
                first.name(),
                state,
                state.name(),
                reason,
                exit,
                List.copyOf(nodes),
                first.user(),
                first.partition(),
                first.comment(),
                first.workdir(),
                first.standardOutput(),
                earliest(records.stream().map(JobInfo::submitTime).toList()),
                earliest(records.stream().map(JobInfo::startTime).toList()),
                ended ? latest(records.stream().map(JobInfo::endTime).toList()) : null,
                first.timeLimitMinutes(),
                null,
                arrayId,
                null,
                null);
    }

    private static Instant earliest(List<Instant> times) {
        return times.stream()
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    private static Instant latest(List<Instant> times) {
        return times.stream()
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    /** One line for status.message: the counts, and the first failed indexes. */
    public String describe() {
        ArrayStatus s = status;
        StringBuilder b = new StringBuilder("array of ")
                .append(s.getTotal())
                .append(": ")
                .append(s.getSucceeded())
                .append(" succeeded, ")
                .append(s.getFailed())
                .append(" failed, ")
                .append(s.getCancelled())
                .append(" cancelled, ")
                .append(s.getRunning())
                .append(" running, ")
                .append(s.getPending())
                .append(" pending");
        if (!s.getFailedIndexes().isEmpty()) {
            b.append(" (failed indexes ");
            s.getFailedIndexes().stream()
                    .limit(8)
                    .forEach(f -> b.append(f.getIndex())
                            .append(f.getExitCode() == null ? "" : ":exit " + f.getExitCode())
                            .append(", "));
            b.setLength(b.length() - 2);
            b.append(s.getFailedIndexes().size() > 8 || s.getFailed() > 8 ? ", ...)" : ")");
        }
        return b.toString();
    }
}
