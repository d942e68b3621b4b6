package dev.hpcenv.slurm.testing;

import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import java.time.Instant;
import java.util.List;

/**
 * A {@link JobInfo} for tests, built from a plain pending job so that a test names only what it is about
 * instead of repeating all twenty components of the record.
 */
public final class JobRecord {
    private long jobId;
    private String name = "j";
    private JobState state = JobState.PENDING;
    private String rawState = "PENDING";
    private String stateReason;
    private ExitStatus exit;
    private List<String> nodes = List.of();
    private String user = "alice";
    private String partition = "debug";
    private String comment;
    private String workdir = "/tmp";
    private String standardOutput;
    private Instant submitTime;
    private Instant startTime;
    private Instant endTime;
    private Integer timeLimitMinutes;
    private Integer restartCount;
    private Long arrayJobId;
    private Long arrayTaskId;
    private String arrayTaskString;

    private JobRecord(long jobId) {
        this.jobId = jobId;
    }

    /** A pending job of alice's in partition debug, no array's, with nothing else set. */
    public static JobRecord job(long jobId) {
        return new JobRecord(jobId);
    }

    /** Every component of {@code job}, to change some. */
    public static JobRecord from(JobInfo job) {
        JobRecord r = new JobRecord(job.jobId());
        r.name = job.name();
        r.state = job.state();
        r.rawState = job.rawState();
        r.stateReason = job.stateReason();
        r.exit = job.exit();
        r.nodes = job.nodes();
        r.user = job.user();
        r.partition = job.partition();
        r.comment = job.comment();
        r.workdir = job.workdir();
        r.standardOutput = job.standardOutput();
        r.submitTime = job.submitTime();
        r.startTime = job.startTime();
        r.endTime = job.endTime();
        r.timeLimitMinutes = job.timeLimitMinutes();
        r.restartCount = job.restartCount();
        r.arrayJobId = job.arrayJobId();
        r.arrayTaskId = job.arrayTaskId();
        r.arrayTaskString = job.arrayTaskString();
        return r;
    }

    public JobRecord name(String name) {
        this.name = name;
        return this;
    }

    /** The state, and the raw state Slurm would send for it (its name, no flags). */
    public JobRecord state(JobState state) {
        this.state = state;
        this.rawState = state.name();
        return this;
    }

    /** The raw state text alone, for states and flags the bridge maps. */
    public JobRecord rawState(String rawState) {
        this.rawState = rawState;
        return this;
    }

    public JobRecord reason(String stateReason) {
        this.stateReason = stateReason;
        return this;
    }

    public JobRecord exit(ExitStatus exit) {
        this.exit = exit;
        return this;
    }

    public JobRecord nodes(List<String> nodes) {
        this.nodes = nodes;
        return this;
    }

    public JobRecord nodes(String... nodes) {
        return nodes(List.of(nodes));
    }

    public JobRecord user(String user) {
        this.user = user;
        return this;
    }

    public JobRecord partition(String partition) {
        this.partition = partition;
        return this;
    }

    public JobRecord comment(String comment) {
        this.comment = comment;
        return this;
    }

    public JobRecord workdir(String workdir) {
        this.workdir = workdir;
        return this;
    }

    public JobRecord output(String standardOutput) {
        this.standardOutput = standardOutput;
        return this;
    }

    public JobRecord submitted(Instant submitTime) {
        this.submitTime = submitTime;
        return this;
    }

    public JobRecord started(Instant startTime) {
        this.startTime = startTime;
        return this;
    }

    public JobRecord ended(Instant endTime) {
        this.endTime = endTime;
        return this;
    }

    public JobRecord timeLimit(Integer timeLimitMinutes) {
        this.timeLimitMinutes = timeLimitMinutes;
        return this;
    }

    public JobRecord restarts(Integer restartCount) {
        this.restartCount = restartCount;
        return this;
    }

    /** One started element of the array whose submission returned {@code arrayJobId}. */
    public JobRecord element(long arrayJobId, long index) {
        this.arrayJobId = arrayJobId;
        this.arrayTaskId = index;
        this.arrayTaskString = null;
        return this;
    }

    /** The record standing for an array's elements not started yet, e.g. {@code 5-49%5}. */
    public JobRecord pendingElements(long arrayJobId, String indexes) {
        this.arrayJobId = arrayJobId;
        this.arrayTaskId = null;
        this.arrayTaskString = indexes;
        return this;
    }

    /** The three array components as given, for tables that vary them together. */
    public JobRecord array(Long arrayJobId, Long arrayTaskId, String arrayTaskString) {
        this.arrayJobId = arrayJobId;
        this.arrayTaskId = arrayTaskId;
        this.arrayTaskString = arrayTaskString;
        return this;
    }

    public JobInfo build() {
        return new JobInfo(
                jobId,
                name,
                state,
                rawState,
                stateReason,
                exit,
                nodes,
                user,
                partition,
                comment,
                workdir,
                standardOutput,
                submitTime,
                startTime,
                endTime,
                timeLimitMinutes,
                restartCount,
                arrayJobId,
                arrayTaskId,
                arrayTaskString);
    }
}
