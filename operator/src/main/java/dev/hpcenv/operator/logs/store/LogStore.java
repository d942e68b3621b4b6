package dev.hpcenv.operator.logs.store;

import dev.hpcenv.operator.logs.JobDirectory;
import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.LogReader;
import dev.hpcenv.operator.logs.Sender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs' output on the log volume (docs/job-output.md, section 3): one directory per job UID, each a
 * {@link JobLog} of at most {@code maxBytes}, and the reads of section 4. Everything it needs is on
 * disk: a new instance on the same directory serves the same logs (it reads the names when opened
 * and each job's segments when that job is first used).
 *
 * <p>Thread-safe: any number of jobs are written at once (each job has its own lock) and a job's
 * readers never block its writers for longer than a snapshot.
 */
public final class LogStore implements LogReader {
    /** How long a follower waits for the senders' ends after the job ended. */
    public static final Duration FOLLOW_GRACE = Duration.ofSeconds(10);
    /** How often a follower asks the job directory whether the job ended (nothing tells it). */
    static final long DIRECTORY_POLL_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);
    private static final String DELETING = ".deleting-";

    private final Path dir;
    private final long maxBytes;
    private final Duration retention;
    private final JobDirectory jobs;
    private final Clock clock;
    private final ConcurrentHashMap<String, JobLog> logs = new ConcurrentHashMap<>();
    /** namespace/name -> the newest UID the store was told has that name. */
    private final ConcurrentHashMap<String, Named> names = new ConcurrentHashMap<>();

    private record Named(String uid, long atMillis) {}

    public LogStore(Path dir, long maxBytes, Duration retention, JobDirectory jobs, Clock clock) throws IOException {
        if (maxBytes < LogSettings.MIN_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " is under " + LogSettings.MIN_MAX_BYTES);
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.retention = retention;
        this.jobs = jobs;
        this.clock = clock;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String file = entry.getFileName().toString();
                if (file.startsWith(DELETING)) {
                    deleteTree(entry);
                } else if (JobUids.valid(file) && Files.isDirectory(entry)) {
                    JobMeta meta = JobMeta.read(entry);
                    if (meta.namespace().isPresent() && meta.name().isPresent()) {
                        remember(meta.namespace().get(), meta.name().get(), file, meta.namedAtMillis());
                    }
                }
            }
        }
    }

    /** The store of {@code settings} (which must name a directory). */
    public static LogStore open(LogSettings settings, JobDirectory jobs) throws IOException {
        Path dir = settings.dir().orElseThrow(() -> new IllegalArgumentException(LogSettings.DIR + " is not set"));
        return new LogStore(dir, settings.maxBytes(), settings.retention(), jobs, Clock.systemUTC());
    }

    public Path directory() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Records that job {@code uid} is HpcJob {@code namespace/name} (called when it is submitted). */
    public void name(String uid, String namespace, String name) throws IOException {
        long now = clock.millis();
        log(uid).name(namespace, name, now);
        remember(namespace, name, uid, now);
    }

    /** Records that the job ended: followers finish, and the retention counts from {@code at}. */
    public void jobEnded(String uid, Instant at) throws IOException {
        log(uid).ended(at.toEpochMilli());
    }

    /**
     * Stores a sender's batch unless it was stored before (same or earlier {@code seq}); wakes the
     * job's followers.
     *
     * @return whether it was taken now or had been before
     */
    public Appended append(String uid, Sender sender, long seq, List<LogRecord> records) throws IOException {
        for (int attempt = 0; ; attempt++) {
            JobLog log = log(uid);
            try {
                return log.append(sender, seq, records) == JobLog.Appended.TAKEN ? Appended.TAKEN : Appended.DUPLICATE;
            } catch (IOException e) {
                // Swept between lookup and append: a fresh log takes it (the job writes again).
                if (!log.deleted() || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    public enum Appended {
        TAKEN,
        DUPLICATE
    }

    /** Bytes of output the job wrote so far, dropped ones included (0 when it has no log). */
    public long outputBytes(String uid) throws IOException {
        return log(uid).snapshot().outputBytes();
    }

    /** Bytes the job's log takes on disk (its segments). */
    public long diskBytes(String uid) throws IOException {
        return log(uid).diskBytes();
    }

    /**
     * The last lines of the job's output, sanitised, at most {@code maxBytes} UTF-8 bytes (for
     * status.outputTail); only whole lines unless a single line is longer than that.
     */
    public String tail(String uid, int maxBytes) throws IOException {
        JobLog log = log(uid);
        JobLog.Snapshot snapshot = log.snapshot();
        List<JobLog.Segment> segments = snapshot.segments();
        if (segments.isEmpty() || maxBytes <= 0) {
            return "";
        }
        // Sanitised text is never shorter than the output it shows: enough segments from the end
        // to hold maxBytes of output hold the tail.
        int first = segments.size() - 1;
        long end = snapshot.outputBytes();
        while (first > 0 && end - segments.get(first).outputBytesBefore() < maxBytes) {
            first--;
        }
        TailBuffer buffer = new TailBuffer(maxBytes);
        LogRenderer renderer = new LogRenderer(LogQuery.ALL, buffer, 0, Long.MIN_VALUE);
        SegmentWalk.walk(snapshot, SegmentWalk.Position.at(segments.get(first)), renderer);
        renderer.finish();
        return buffer.lastLines();
    }

    @Override
    public void read(String namespace, String name, LogQuery query, OutputStream out)
            throws IOException, InterruptedException, NoSuchLogException {
        Optional<JobDirectory.LoggedJob> job = jobs.find(namespace, name);
        String uid = job.map(JobDirectory.LoggedJob::uid)
                .or(() -> Optional.ofNullable(names.get(key(namespace, name))).map(Named::uid))
                .orElseThrow(() -> new NoSuchLogException("no HpcJob " + namespace + "/" + name
                        + " and no log of one by that name (logs are kept " + describe(retention)
                        + " after a job ends)"));
        if (!JobUids.valid(uid)) {
            throw new NoSuchLogException("HpcJob " + namespace + "/" + name + " has no log");
        }
        JobLog log = log(uid);
        JobLog.Snapshot snapshot = log.snapshot();
        boolean running = job.isPresent() && !job.get().ended();
        if (!snapshot.exists() && !running) {
            throw new NoSuchLogException("HpcJob " + namespace + "/" + name + " has no log: none was received for it, "
                    + "or it was deleted " + describe(retention) + " after the job ended");
        }
        OutputStream buffered = new BufferedOutputStream(out, 64 << 10);
        long cutoff = query.since().map(d -> clock.millis() - d.toMillis()).orElse(Long.MIN_VALUE);
        long skip = 0;
        if (query.tailLines().isPresent()) {
            LogRenderer counter = new LogRenderer(query, null, 0, cutoff);
            SegmentWalk.walk(snapshot, SegmentWalk.Position.START, counter);
            skip = Math.max(0, counter.lines() - query.tailLines().getAsInt());
        }
        LogRenderer renderer = new LogRenderer(query, buffered, skip, cutoff);
        SegmentWalk.Position at = SegmentWalk.walk(snapshot, SegmentWalk.Position.START, renderer);
        buffered.flush();
        if (query.follow()) {
            follow(log, snapshot, at, renderer, buffered, () -> directoryEnded(namespace, name, uid));
        }
        renderer.finish();
        buffered.flush();
    }

    /**
     * Writes new entries as they come until the log is complete: the job ended and every sender seen
     * sent its end, or {@link #FOLLOW_GRACE} after the end was known.
     */
    private void follow(
            JobLog log,
            JobLog.Snapshot snapshot,
            SegmentWalk.Position at,
            LogRenderer renderer,
            OutputStream out,
            EndProbe directory)
            throws IOException, InterruptedException {
        // Waits are timed on the monotonic clock; the store's clock only places the recorded end.
        boolean endKnown = false;
        long graceEnds = 0;
        long nextDirectoryCheck = System.nanoTime();
        boolean directorySaysEnded = false;
        while (true) {
            long now = System.nanoTime();
            if (!directorySaysEnded && now - nextDirectoryCheck >= 0) {
                directorySaysEnded = directory.ended();
                nextDirectoryCheck = now + DIRECTORY_POLL_MILLIS * 1_000_000;
            }
            if (!endKnown && (directorySaysEnded || snapshot.endedAtMillis().isPresent())) {
                endKnown = true;
                long sinceEnd = snapshot.endedAtMillis().isPresent()
                        ? Math.max(0, clock.millis() - snapshot.endedAtMillis().getAsLong())
                        : 0;
                graceEnds = now + Math.max(0, FOLLOW_GRACE.toMillis() - sinceEnd) * 1_000_000;
            }
            if (log.deleted()) {
                return;
            }
            if (endKnown && (snapshot.allSendersEnded() || now - graceEnds >= 0)) {
                return;
            }
            long wait = endKnown
                    ? Math.min(DIRECTORY_POLL_MILLIS, (graceEnds - now) / 1_000_000)
                    : Math.max(0, (nextDirectoryCheck - now) / 1_000_000);
            log.awaitChange(snapshot.version(), Math.max(1, wait));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            snapshot = log.snapshot();
            at = SegmentWalk.walk(snapshot, at, renderer);
            out.flush();
        }
    }

    @FunctionalInterface
    private interface EndProbe {
        boolean ended();
    }

    /** The directory says the job ended, or knows it no more (deleted, or a new job has its name). */
    private boolean directoryEnded(String namespace, String name, String uid) {
        try {
            return jobs.find(namespace, name)
                    .map(j -> !j.uid().equals(uid) || j.ended())
                    .orElse(true);
        } catch (RuntimeException e) {
            LOG.debug("job directory: {}", e.toString());
            return false;
        }
    }

    /**
     * Deletes the logs of jobs that ended more than the retention before {@code now} (or, never
     * seen ended, were last written that long ago).
     *
     * @return how many job logs were deleted
     */
    public int sweepExpired(Instant now) throws IOException {
        long cutoff = now.minus(retention).toEpochMilli();
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String uid = entry.getFileName().toString();
                if (!JobUids.valid(uid) || !Files.isDirectory(entry)) {
                    continue;
                }
                JobMeta meta = JobMeta.read(entry);
                long last =
                        meta.endedAtMillis().isPresent() ? meta.endedAtMillis().getAsLong() : lastWrite(entry);
                if (last >= cutoff) {
                    continue;
                }
                JobLog log = log(uid);
                synchronized (log) {
                    log.markDeleted();
                    logs.remove(uid, log);
                    Path doomed = dir.resolve(DELETING + uid + "-" + UUID.randomUUID());
                    try {
                        Files.move(entry, doomed);
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    deleteTree(doomed);
                }
                meta.namespace()
                        .ifPresent(ns -> meta.name()
                                .ifPresent(n -> names.computeIfPresent(
                                        key(ns, n), (k, v) -> v.uid().equals(uid) ? null : v)));
                deleted++;
            }
        }
        return deleted;
    }

    private static long lastWrite(Path jobDir) throws IOException {
        long last = Files.getLastModifiedTime(jobDir).toMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(jobDir)) {
            for (Path f : files) {
                try {
                    last = Math.max(last, Files.getLastModifiedTime(f).toMillis());
                } catch (NoSuchFileException e) {
                    // dropped meanwhile
                }
            }
        }
        return last;
    }

    private JobLog log(String uid) {
        JobUids.require(uid);
        return logs.computeIfAbsent(uid, u -> new JobLog(u, dir.resolve(u), maxBytes));
    }

    private void remember(String namespace, String name, String uid, long atMillis) {
        names.merge(
                key(namespace, name),
                new Named(uid, atMillis),
                (old, now) -> now.atMillis() >= old.atMillis() ? now : old);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static String describe(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + "h";
        }
        return d.toSeconds() + "s";
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Keeps the last {@code capacity} bytes written; {@link #lastLines()} cuts them at a line start. */
    private static final class TailBuffer extends OutputStream {
        private final byte[] ring;
        private long written;

        TailBuffer(int capacity) {
            this.ring = new byte[capacity];
        }

        @Override
        public void write(int b) {
            ring[(int) (written++ % ring.length)] = (byte) b;
        }

        String lastLines() {
            int n = (int) Math.min(written, ring.length);
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                bytes[i] = ring[(int) ((written - n + i) % ring.length)];
            }
            int from = 0;
            if (written > ring.length) {
                int nl = indexOf(bytes, (byte) '\n');
                if (nl >= 0 && nl < n - 1) {
                    from = nl + 1;
                } else {
                    while (from < n && (bytes[from] & 0xC0) == 0x80) {
                        from++;
                    }
                }
            }
            return new String(bytes, from, n - from, java.nio.charset.StandardCharsets.UTF_8);
        }

        private static int indexOf(byte[] b, byte c) {
            for (int i = 0; i < b.length; i++) {
                if (b[i] == c) {
                    return i;
                }
            }
            return -1;
        }
    }
}
