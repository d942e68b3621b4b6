package dev.hpcenv.slurm.testing;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.ControllerPing;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.Node;
import dev.hpcenv.slurm.Partition;
import dev.hpcenv.slurm.PingResult;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.SlurmVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory Slurm for unit tests of code that uses {@link SlurmClient} (the operator). Jobs start
 * PENDING; the test moves them with {@link #setState}. Knobs: {@link #failNextSubmitWith},
 * {@link #failNextSubmitAfterCreating} (the ambiguous case exactly-once must survive),
 * {@link #unavailable}, {@link #purge} (MinJobAge), and call counters. Thread-safe.
 */
public final class FakeSlurmClient implements SlurmClient {

    private record Entry(JobSubmission submission, JobInfo info, Instant updated) {}

    /** The owner of jobs submitted through this client itself rather than through {@link #asUser}. */
    public static final String DEFAULT_USER = "fake-user";

    private final Map<Long, Entry> jobs = new TreeMap<>();
    private final List<JobSubmission> submissions = new ArrayList<>();
    private final Clock clock;
    private final ApiVersion apiVersion;
    private long nextId = 1000;
    private SlurmException nextSubmitFailure;
    private boolean nextSubmitCreatesThenFails;
    private boolean unavailable;
    private boolean closed;
    private String release = "22.05.8";
    private List<String> offered = List.of();

    public final AtomicInteger submitCalls = new AtomicInteger();
    public final AtomicInteger getCalls = new AtomicInteger();
    public final AtomicInteger listCalls = new AtomicInteger();
    public final AtomicInteger cancelCalls = new AtomicInteger();
    public final AtomicInteger pingCalls = new AtomicInteger();
    public final AtomicInteger nodesCalls = new AtomicInteger();
    private final Map<String, Node> nodeList =
            new TreeMap<>(Map.of("node1", new Node("node1", List.of("IDLE"), 4, 1000L, List.of("debug"), null)));

    public FakeSlurmClient() {
        this(Clock.systemUTC(), ApiVersion.V0_0_38);
    }

    public FakeSlurmClient(Clock clock, ApiVersion apiVersion) {
        this.clock = clock;
        this.apiVersion = apiVersion;
    }

    // ---- knobs ----

    /** The next submit throws {@code failure} and creates no job. */
    public synchronized FakeSlurmClient failNextSubmitWith(SlurmException failure) {
        this.nextSubmitFailure = failure;
        return this;
    }

    /** The next submit creates the job but throws as if the answer was lost (outcome unknown). */
    public synchronized FakeSlurmClient failNextSubmitAfterCreating() {
        this.nextSubmitCreatesThenFails = true;
        return this;
    }

    /**
     * The Slurm release pings and versions report, and the API versions the server offers (oldest first; may
     * name versions the client does not know), e.g. {@code "26.05.0", List.of("v0.0.42", ..., "v0.0.45")} with a
     * v0.0.42 client to see the deprecation.
     */
    public synchronized FakeSlurmClient server(String slurmRelease, List<String> offeredVersions) {
        this.release = slurmRelease;
        this.offered = List.copyOf(offeredVersions);
        return this;
    }

    /** While true, every call fails as if slurmrestd were down. */
    public synchronized FakeSlurmClient unavailable(boolean value) {
        this.unavailable = value;
        return this;
    }

    /** Moves a job to {@code state}; start and end times follow. */
    public synchronized FakeSlurmClient setState(long jobId, JobState state) {
        return setState(jobId, state, state == JobState.COMPLETED ? ExitStatus.exited(0) : null);
    }

    /** Moves a job to {@code state} with an exit status (for terminal states). */
    public synchronized FakeSlurmClient setState(long jobId, JobState state, ExitStatus exit) {
        Entry entry = require(jobId);
        Instant now = clock.instant();
        JobInfo old = entry.info();
        boolean started = state != JobState.PENDING && state != JobState.UNKNOWN;
        Instant start = old.startTime() != null ? old.startTime() : (started ? now : null);
        Instant end = state.isTerminal() ? now : null;
        List<String> nodes = !started ? List.of() : old.nodes().isEmpty() ? List.of("node1") : old.nodes();
        JobInfo updated = JobRecord.from(old)
                .state(state)
                .reason("None")
                .exit(exit)
                .nodes(nodes)
                .started(start)
                .ended(end)
                .build();
        jobs.put(jobId, new Entry(entry.submission(), updated, now));
        return this;
    }

    /**
     * A node of the job failed: with the requeue flag Slurm puts the job back in the queue (see
     * {@link #requeue}); without it the job ends NODE_FAIL with reason NodeDown, keeping its nodes.
     */
    public synchronized FakeSlurmClient nodeFailure(long jobId, List<String> nodes) {
        Entry entry = require(jobId);
        if (Boolean.TRUE.equals(entry.submission().requeue())) {
            return requeue(jobId);
        }
        Instant now = clock.instant();
        JobInfo old = entry.info();
        jobs.put(
                jobId,
                new Entry(
                        entry.submission(),
                        changed(
                                old,
                                JobState.NODE_FAIL,
                                "NodeDown",
                                ExitStatus.exited(0),
                                nodes,
                                old.startTime(),
                                now,
                                old.restartCount()),
                        now));
        return this;
    }

    /**
     * Slurm requeued the job (after a node failure with the requeue flag, a launch failure whatever the
     * flag, or {@code scontrol requeue}): PENDING with reason BeginTime, no nodes, no start, one more restart.
     */
    public synchronized FakeSlurmClient requeue(long jobId) {
        Entry entry = require(jobId);
        Instant now = clock.instant();
        JobInfo old = entry.info();
        int restarts = old.restartCount() == null ? 0 : old.restartCount();
        jobs.put(
                jobId,
                new Entry(
                        entry.submission(),
                        changed(old, JobState.PENDING, "BeginTime", null, List.of(), null, null, restarts + 1),
                        now));
        return this;
    }

    private static JobInfo changed(
            JobInfo old,
            JobState state,
            String reason,
            ExitStatus exit,
            List<String> nodes,
            Instant start,
            Instant end,
            Integer restarts) {
        return JobRecord.from(old)
                .state(state)
                .reason(reason)
                .exit(exit)
                .nodes(nodes)
                .started(start)
                .ended(end)
                .restarts(restarts)
                .build();
    }

    /** A node stops answering: slurmctld marks it DOWN, NOT_RESPONDING with reason "Not responding". */
    public synchronized FakeSlurmClient nodeDown(String name) {
        nodeList.put(
                name, new Node(name, List.of("DOWN", "NOT_RESPONDING"), 4, 1000L, List.of("debug"), "Not responding"));
        return this;
    }

    /** Forgets a job as slurmctld does after MinJobAge. */
    public synchronized FakeSlurmClient purge(long jobId) {
        jobs.remove(jobId);
        return this;
    }

    // ---- inspection ----

    /** Every submission that created a job, in order. */
    public synchronized List<JobSubmission> submissions() {
        return List.copyOf(submissions);
    }

    public synchronized Optional<JobSubmission> submissionOf(long jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Entry::submission);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    // ---- SlurmClient ----

    /**
     * This Slurm as seen by {@code user}: jobs submitted through it are that user's ({@link JobInfo#user()}),
     * as slurmrestd records the token's user. Everything else is shared with this client. Use it as the
     * client factory ({@code config -> slurm.asUser(config.user())}) wherever job owners matter.
     */
    public SlurmClient asUser(String user) {
        return new AsUser(user);
    }

    @Override
    public long submit(JobSubmission submission) {
        return submitAs(DEFAULT_USER, submission);
    }

    private synchronized long submitAs(String user, JobSubmission submission) {
        submitCalls.incrementAndGet();
        checkAvailable("submit job");
        if (nextSubmitFailure != null) {
            SlurmException failure = nextSubmitFailure;
            nextSubmitFailure = null;
            throw failure;
        }
        long id = nextId++;
        Instant now = clock.instant();
        JobInfo info = JobRecord.job(id)
                .name(submission.name())
                .reason("None")
                .user(user)
                .partition(Optional.ofNullable(submission.partition()).orElse("debug"))
                .comment(submission.comment())
                .workdir(submission.workdir())
                .output(submission.standardOutput())
                .submitted(now)
                .timeLimit(submission.timeLimitMinutes())
                .restarts(0)
                .build();
        jobs.put(id, new Entry(submission, info, now));
        submissions.add(submission);
        if (nextSubmitCreatesThenFails) {
            nextSubmitCreatesThenFails = false;
            throw new SlurmException(
                    Kind.TIMEOUT, "submit job failed: no answer within the timeout (fake)", 0, List.of(), true, null);
        }
        return id;
    }

    @Override
    public synchronized Optional<JobInfo> getJob(long jobId) {
        getCalls.incrementAndGet();
        checkAvailable("get job " + jobId);
        return Optional.ofNullable(jobs.get(jobId)).map(Entry::info);
    }

    @Override
    public synchronized List<JobInfo> listJobs(Optional<Instant> since) {
        listCalls.incrementAndGet();
        checkAvailable("list jobs");
        return jobs.values().stream()
                .filter(e -> since.isEmpty() || !e.updated().isBefore(since.get()))
                .map(Entry::info)
                .toList();
    }

    @Override
    public synchronized CancelOutcome cancel(long jobId) {
        cancelCalls.incrementAndGet();
        checkAvailable("cancel job " + jobId);
        Entry entry = jobs.get(jobId);
        if (entry == null) {
            return CancelOutcome.NOT_FOUND;
        }
        if (entry.info().state().isTerminal()) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        setState(jobId, JobState.CANCELLED, entry.info().startTime() == null ? null : ExitStatus.signalled(9));
        return CancelOutcome.CANCELLED;
    }

    @Override
    public synchronized PingResult ping() {
        pingCalls.incrementAndGet();
        checkAvailable("ping");
        return new PingResult(
                List.of(new ControllerPing("fake-ctld", true, "primary")),
                release,
                apiVersion,
                offered,
                null,
                PingResult.Readiness.NOT_SERVED);
    }

    @Override
    public synchronized List<Partition> partitions() {
        checkAvailable("list partitions");
        return List.of(new Partition("debug", "UP", List.of("node1"), 4, 1, null, true));
    }

    @Override
    public synchronized List<Node> nodes() {
        nodesCalls.incrementAndGet();
        checkAvailable("list nodes");
        return List.copyOf(nodeList.values());
    }

    @Override
    public synchronized SlurmVersion version() {
        checkAvailable("version");
        return new SlurmVersion(release, apiVersion, offered, null);
    }

    @Override
    public ApiVersion apiVersion() {
        return apiVersion;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private Entry require(long jobId) {
        Entry entry = jobs.get(jobId);
        if (entry == null) {
            throw new IllegalArgumentException("fake Slurm has no job " + jobId);
        }
        return entry;
    }

    private void checkAvailable(String operation) {
        if (unavailable) {
            throw new SlurmException(
                    Kind.UNREACHABLE, operation + " failed: cannot connect to slurmrestd (fake, unavailable)");
        }
    }

    /** One user's view: submits as that user, everything else goes to the shared fake. */
    private final class AsUser implements SlurmClient {
        private final String user;

        AsUser(String user) {
            this.user = user;
        }

        @Override
        public long submit(JobSubmission submission) {
            return submitAs(user, submission);
        }

        @Override
        public Optional<JobInfo> getJob(long jobId) {
            return FakeSlurmClient.this.getJob(jobId);
        }

        @Override
        public List<JobInfo> listJobs(Optional<Instant> since) {
            return FakeSlurmClient.this.listJobs(since);
        }

        @Override
        public CancelOutcome cancel(long jobId) {
            return FakeSlurmClient.this.cancel(jobId);
        }

        @Override
        public PingResult ping() {
            return FakeSlurmClient.this.ping();
        }

        @Override
        public List<Partition> partitions() {
            return FakeSlurmClient.this.partitions();
        }

        @Override
        public List<Node> nodes() {
            return FakeSlurmClient.this.nodes();
        }

        @Override
        public SlurmVersion version() {
            return FakeSlurmClient.this.version();
        }

        @Override
        public ApiVersion apiVersion() {
            return FakeSlurmClient.this.apiVersion();
        }

        @Override
        public void close() {
            FakeSlurmClient.this.close();
        }
    }
}
