package dev.hpcenv.operator.logs;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.job.HpcJobEventSources;
import dev.hpcenv.operator.job.LogShipping;
import dev.hpcenv.operator.job.NodeProgress;
import dev.hpcenv.operator.logs.api.LogApiServer;
import dev.hpcenv.operator.logs.api.LogApiSettings;
import dev.hpcenv.operator.logs.ingest.IngestServer;
import dev.hpcenv.operator.logs.ingest.IngestTokens;
import dev.hpcenv.operator.logs.store.LogQueries;
import dev.hpcenv.operator.logs.store.LogSettings;
import dev.hpcenv.operator.logs.store.LogStore;
import dev.hpcenv.operator.progress.JobProgressBoard;
import dev.hpcenv.operator.progress.OutputTails;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job-log parts of one operator, put together (docs/job-output.md): the store on the log volume,
 * the ingest server the shims post to, the aggregated API users read through, the board that turns
 * the shims' reports into status, and the hourly retention sweep. The HpcJob controller gets
 * {@link #shipping()} for its submissions and {@link #progress()} for its status writes.
 */
public final class JobLogs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobLogs.class);
    /**
     * The self-signed certificate of the log API in the log directory (kept across restarts), for an
     * APIService's caBundle (demo, tests); its key is beside it, mode 0600.
     */
    public static final String API_CERTIFICATE_FILE = "log-api.crt";
    /**
     * The Service a self-signed log API certificate names (the embedded API checks the name, as the
     * kube-aggregator does): what the demo and the tests create. The chart mounts a certificate of its own.
     */
    public static final String SELF_SIGNED_SERVICE = "hpcenv-logs-api.hpcenv-system.svc";

    static final int TAIL_BYTES = 2048;
    static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final LogStore store;
    private final IngestTokens tokens;
    private final JobProgressBoard board;
    private final IngestServer ingest;
    private final LogApiServer api;
    private final ScheduledExecutorService sweeper;
    private final Set<String> endRecorded = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    private JobLogs(
            LogStore store,
            IngestTokens tokens,
            JobProgressBoard board,
            IngestServer ingest,
            LogApiServer api,
            ScheduledExecutorService sweeper,
            Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.board = board;
        this.ingest = ingest;
        this.api = api;
        this.sweeper = sweeper;
        this.clock = clock;
    }

    /** Starts the parts {@code settings} turn on; empty when there is no log volume (HPCENV_LOG_DIR unset). */
    public static Optional<JobLogs> start(
            LogSettings settings,
            LogApiSettings apiSettings,
            KubernetesClient client,
            HpcJobEventSources jobs,
            Clock clock) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        JobDirectory directory = (namespace, name) -> jobs.cached(namespace, name)
                .map(j -> new JobDirectory.LoggedJob(
                        j.getMetadata().getUid(),
                        j.getStatus() != null
                                && j.getStatus().getPhase() != null
                                && j.getStatus().getPhase().isTerminal()));
        LogStore store = null;
        JobProgressBoard board = null;
        IngestServer ingest = null;
        LogApiServer api = null;
        try {
            store = LogStore.open(settings, directory);
            IngestTokens tokens = IngestTokens.forSettings(settings);
            board = new JobProgressBoard(tails(store), clock);
            board.wakeWith(jobs::wakeByUid);
            ingest = IngestServer.start(settings, tokens, store, board);
            if (apiSettings.enabled()) {
                api = LogApiServer.start(
                        apiSettings,
                        List.of(SELF_SIGNED_SERVICE, "localhost"),
                        settings.dir(),
                        client,
                        store,
                        LogQueries::parse,
                        clock);
            }
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hpcenv-log-retention");
                t.setDaemon(true);
                return t;
            });
            LogStore swept = store;
            sweeper.scheduleWithFixedDelay(() -> sweep(swept, clock), 0, SWEEP_EVERY.toMinutes(), TimeUnit.MINUTES);
            LOG.info(
                    "job logs: store {}, ingest on port {}{}, log API {}",
                    settings.dir().orElseThrow(),
                    ingest.address().getPort(),
                    ingest.tls() ? " (TLS)" : "",
                    api == null ? "off" : "on port " + api.port());
            return Optional.of(new JobLogs(store, tokens, board, ingest, api, sweeper, clock));
        } catch (IOException | RuntimeException e) {
            if (api != null) {
                api.close();
            }
            if (ingest != null) {
                ingest.close();
            }
            if (board != null) {
                board.close();
            }
            throw e instanceof IOException io
                    ? new UncheckedIOException("job logs: " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
    }

    private static OutputTails tails(LogStore store) {
        return new OutputTails() {
            @Override
            public long outputBytes(String uid) {
                try {
                    return store.outputBytes(uid);
                } catch (IOException e) {
                    return 0;
                }
            }

            @Override
            public Optional<String> tail(String uid) {
                try {
                    return Optional.of(store.tail(uid, TAIL_BYTES));
                } catch (IOException e) {
                    LOG.warn("job logs: cannot read the tail of job {}: {}", uid, e.getMessage());
                    return Optional.empty();
                }
            }
        };
    }

    private static void sweep(LogStore store, Clock clock) {
        try {
            int removed = store.sweepExpired(clock.instant());
            if (removed > 0) {
                LOG.info("job logs: removed {} expired job log(s)", removed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("job logs: retention sweep failed ({}); next try in {}", e.getMessage(), SWEEP_EVERY);
        }
    }

    /** The batch variables of a submission: the job is recorded with the store and gets its own credential. */
    public LogShipping shipping() {
        return LogShipping.minting(this::credentialFor);
    }

    private String credentialFor(HpcJob job) {
        String uid = job.getMetadata().getUid();
        try {
            store.name(uid, job.getMetadata().getNamespace(), job.getMetadata().getName());
        } catch (IOException e) {
            // Reading by name still works while the HpcJob exists; only a deleted one's log is then unnamed.
            LOG.warn("job logs: cannot record the name of job {}: {}", uid, e.getMessage());
        }
        return tokens.mint(uid);
    }

    /** Progress and tail into the status, and the job's end into the store (the retention counts from it). */
    public NodeProgress progress() {
        return new NodeProgress() {
            @Override
            public void apply(String uid, HpcJobStatus status) {
                board.apply(uid, status);
                // Only a job that has a log here: an operator restart must not make a folder per ended job.
                if (status.getPhase() != null
                        && status.getPhase().isTerminal()
                        && Files.isDirectory(store.directory().resolve(uid))
                        && endRecorded.add(uid)) {
                    try {
                        store.jobEnded(uid, clock.instant());
                    } catch (IOException e) {
                        endRecorded.remove(uid);
                        LOG.warn("job logs: cannot record the end of job {}: {}", uid, e.getMessage());
                    }
                }
            }

            @Override
            public void forget(String uid) {
                board.forget(uid);
                endRecorded.remove(uid);
            }
        };
    }

    /** The ingest server's port (0 in the settings picks a free one). */
    public int ingestPort() {
        return ingest.address().getPort();
    }

    public Optional<Integer> apiPort() {
        return Optional.ofNullable(api).map(LogApiServer::port);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        if (api != null) {
            api.close();
        }
        ingest.close();
        board.close();
    }
}
