package dev.hpcenv.slurm;

import java.util.List;
import java.util.Locale;

/**
 * The effective state of a Slurm job. Slurm reports a base state plus flags; a flag that means "not
 * finished yet" (COMPLETING, CONFIGURING, REQUEUED, STAGE_OUT) wins over the base state, because
 * v0.0.38/39 report only the flag and because a COMPLETED+COMPLETING job still holds its nodes.
 * The raw text Slurm sent is kept beside it in {@link JobInfo#rawState()}.
 */
public enum JobState {
    PENDING(false),
    CONFIGURING(false),
    RUNNING(false),
    SUSPENDED(false),
    REQUEUED(false),
    COMPLETING(false),
    COMPLETED(true),
    CANCELLED(true),
    FAILED(true),
    TIMEOUT(true),
    NODE_FAIL(true),
    PREEMPTED(true),
    BOOT_FAIL(true),
    DEADLINE(true),
    OUT_OF_MEMORY(true),
    /** A state name this bridge does not know; look at the raw state. */
    UNKNOWN(false);

    private final boolean terminal;

    JobState(boolean terminal) {
        this.terminal = terminal;
    }

    /** True when the job has finished and released its nodes. */
    public boolean isTerminal() {
        return terminal;
    }

    /**
     * Maps the state names of one job (the v0.0.40+ array, or the single v0.0.38/39 string) to the
     * effective state.
     */
    public static JobState fromSlurm(List<String> names) {
        JobState base = UNKNOWN;
        boolean completing = false;
        boolean configuring = false;
        boolean requeued = false;
        for (String raw : names) {
            String name = raw.trim().toUpperCase(Locale.ROOT);
            switch (name) {
                case "COMPLETING", "STAGE_OUT" -> completing = true;
                case "CONFIGURING", "POWER_UP_NODE" -> configuring = true;
                case "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "SPECIAL_EXIT" -> requeued = true;
                case "STOPPED" -> base = base == UNKNOWN ? SUSPENDED : base;
                default -> {
                    JobState known = baseState(name);
                    if (known != UNKNOWN && base == UNKNOWN) {
                        base = known;
                    }
                }
            }
        }
        if (completing) {
            return COMPLETING;
        }
        if (requeued) {
            return REQUEUED;
        }
        if (configuring && (base == UNKNOWN || base == RUNNING || base == PENDING)) {
            return CONFIGURING;
        }
        return base;
    }

    private static JobState baseState(String name) {
        return switch (name) {
            case "PENDING" -> PENDING;
            case "RUNNING" -> RUNNING;
            case "SUSPENDED" -> SUSPENDED;
            case "COMPLETED" -> COMPLETED;
            case "CANCELLED" -> CANCELLED;
            case "FAILED" -> FAILED;
            case "TIMEOUT" -> TIMEOUT;
            case "NODE_FAIL" -> NODE_FAIL;
            case "PREEMPTED" -> PREEMPTED;
            case "BOOT_FAIL" -> BOOT_FAIL;
            case "DEADLINE" -> DEADLINE;
            case "OUT_OF_MEMORY" -> OUT_OF_MEMORY;
            default -> UNKNOWN;
        };
    }
}
