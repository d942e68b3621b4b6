package dev.hpcenv.operator.logs.store;

import static dev.hpcenv.operator.logs.store.StoreFixture.T0;
import static dev.hpcenv.operator.logs.store.StoreFixture.lines;
import static dev.hpcenv.operator.logs.store.StoreFixture.out;
import static dev.hpcenv.operator.logs.store.StoreFixture.query;
import static dev.hpcenv.operator.logs.store.StoreFixture.read;
import static dev.hpcenv.operator.logs.store.StoreFixture.sender;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.LogReader.NoSuchLogException;
import dev.hpcenv.operator.logs.Sender;
import dev.hpcenv.operator.testing.MutableClock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
    private static final Duration WEEK = Duration.ofDays(7);
    private static final long SMALL = 64 << 10;
    private static final Sender A0 = sender("a", 0);
    private static final Sender B1 = sender("b", 1);

    @TempDir
    Path dir;

    private final StoreFixture.Directory jobs = new StoreFixture.Directory();
    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));

    @BeforeEach
    void job() {
        jobs.put("ns", "job", "uid-1", true);
    }

    private LogStore store(long maxBytes) throws IOException {
        return new LogStore(dir, maxBytes, WEEK, jobs, clock);
    }

    @Test
    void keepsAJobWithinItsBoundDroppingTheOldestOutputWithAMarker() throws Exception {
        LogStore store = store(SMALL);
        long written = 0;
        for (int i = 0; i < 3000; i++) {
            String line = String.format("line %05d %s%n", i, "x".repeat(40));
            written += line.length();
            store.append("uid-1", A0, i, List.of(out(line)));
            assertThat(store.diskBytes("uid-1")).isLessThanOrEqualTo(SMALL);
        }
        assertThat(du(dir.resolve("uid-1"))).isLessThanOrEqualTo(SMALL);

        String log = read(store, "ns", "job", LogQuery.ALL);
        Matcher m = Pattern.compile("\\A\\[hpcenv: (\\d+) bytes dropped]\n").matcher(log);
        assertThat(m.find())
                .as("starts with the drop marker: %s", log.substring(0, 60))
                .isTrue();
        String kept = log.substring(m.end());
        assertThat(Long.parseLong(m.group(1)) + kept.length()).isEqualTo(written);
        List<String> keptLines = kept.lines().toList();
        assertThat(keptLines.get(keptLines.size() - 1)).startsWith("line 02999 ");
        int first = Integer.parseInt(keptLines.get(0).substring(5, 10));
        for (int i = 0; i < keptLines.size(); i++) {
            assertThat(keptLines.get(i)).startsWith(String.format("line %05d ", first + i));
        }
    }

    @Test
    void splitsOutputLargerThanASegment() throws Exception {
        LogStore store = store(SMALL);
        String big = "y".repeat(200_000) + "\n";
        store.append("uid-1", A0, 0, List.of(out(big)));
        assertThat(store.diskBytes("uid-1")).isLessThanOrEqualTo(SMALL);
        String log = read(store, "ns", "job", LogQuery.ALL);
        Matcher m = Pattern.compile("\\A\\[hpcenv: (\\d+) bytes dropped]\n(y+\n)\\z")
                .matcher(log);
        assertThat(m.matches()).isTrue();
        assertThat(Long.parseLong(m.group(1)) + m.group(2).length()).isEqualTo(big.length());
    }

    @Test
    void takesABatchOnceBySeq() throws Exception {
        LogStore store = store(SMALL);
        assertThat(store.append("uid-1", A0, 0, lines("a\n"))).isEqualTo(LogStore.Appended.TAKEN);
        assertThat(store.append("uid-1", A0, 0, lines("a\n"))).isEqualTo(LogStore.Appended.DUPLICATE);
        assertThat(store.append("uid-1", A0, 2, lines("c\n"))).isEqualTo(LogStore.Appended.TAKEN);
        assertThat(store.append("uid-1", A0, 1, lines("b\n"))).isEqualTo(LogStore.Appended.DUPLICATE);
        assertThat(store.append("uid-1", new Sender("a", 0, 2), 0, lines("again\n")))
                .as("a requeued run is another sender")
                .isEqualTo(LogStore.Appended.TAKEN);
        assertThat(read(store, "ns", "job", LogQuery.ALL)).isEqualTo("a\nc\nagain\n");
    }

    @Test
    void servesTheSameLogsAfterARestart() throws Exception {
        LogStore before = store(SMALL);
        before.name("uid-1", "ns", "job");
        before.append("uid-1", A0, 0, lines("one\n"));
        before.append("uid-1", B1, 0, lines("two\n"));
        jobs.jobs.clear(); // the HpcJob was deleted: the store's own names find the log

        LogStore after = store(SMALL);

        assertThat(read(after, "ns", "job", query(Map.of("prefix", "true")))).isEqualTo("[a/0] one\n[b/1] two\n");
        assertThat(after.append("uid-1", A0, 0, lines("one\n"))).isEqualTo(LogStore.Appended.DUPLICATE);
        assertThat(after.append("uid-1", A0, 1, lines("three\n"))).isEqualTo(LogStore.Appended.TAKEN);
    }

    @Test
    void remembersASendersBatchesAfterItsSegmentsWereDropped() throws Exception {
        LogStore before = store(SMALL);
        before.append("uid-1", A0, 5, lines("early\n"));
        for (int i = 0; i < 2000; i++) {
            before.append("uid-1", B1, i, lines("filler " + "z".repeat(50) + "\n"));
        }
        assertThat(read(before, "ns", "job", LogQuery.ALL)).doesNotContain("early");

        LogStore after = store(SMALL);

        assertThat(after.append("uid-1", A0, 5, lines("early\n"))).isEqualTo(LogStore.Appended.DUPLICATE);
    }

    @Test
    void readsACrashCutLogUpToItsLastWholeRecordAndGoesOn() throws Exception {
        LogStore before = store(SMALL);
        before.append("uid-1", A0, 0, lines("whole\n"));
        before.append("uid-1", A0, 1, lines("cut short\n"));
        Path segment = JobLog.segmentFiles(dir.resolve("uid-1")).get(0);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }

        LogStore after = store(SMALL);

        assertThat(read(after, "ns", "job", LogQuery.ALL)).isEqualTo("whole\n");
        assertThat(after.append("uid-1", A0, 1, lines("cut short, again\n"))).isEqualTo(LogStore.Appended.TAKEN);
        assertThat(read(store(SMALL), "ns", "job", LogQuery.ALL)).isEqualTo("whole\ncut short, again\n");
    }

    @Test
    void readsALogWithGarbageAfterItsRecords() throws Exception {
        LogStore before = store(SMALL);
        before.append("uid-1", A0, 0, lines("whole\n"));
        Path segment = JobLog.segmentFiles(dir.resolve("uid-1")).get(0);
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);

        assertThat(read(store(SMALL), "ns", "job", LogQuery.ALL)).isEqualTo("whole\n");
    }

    @Test
    void deletesLogsARetentionAfterTheJobEndedOrWasLastWritten() throws Exception {
        LogStore store = store(SMALL);
        store.name("uid-1", "ns", "job");
        store.append("uid-1", A0, 0, lines("x\n"));
        store.jobEnded("uid-1", clock.instant());
        jobs.put("ns", "quiet", "uid-2", false);
        store.append("uid-2", A0, 0, lines("y\n"));
        Instant lastWrite = clock.instant().minus(Duration.ofDays(8));
        try (Stream<Path> files = Files.list(dir.resolve("uid-2"))) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, FileTime.from(lastWrite));
            }
        }
        Files.setLastModifiedTime(dir.resolve("uid-2"), FileTime.from(lastWrite));

        assertThat(store.sweepExpired(clock.instant().plus(WEEK).minusSeconds(1)))
                .isEqualTo(1);
        assertThat(dir.resolve("uid-2")).doesNotExist();
        assertThat(read(store, "ns", "job", LogQuery.ALL)).isEqualTo("x\n");

        assertThat(store.sweepExpired(clock.instant().plus(WEEK).plusSeconds(1)))
                .isEqualTo(1);
        assertThat(dir.resolve("uid-1")).doesNotExist();
        jobs.jobs.clear();
        assertThatThrownBy(() -> read(store, "ns", "job", LogQuery.ALL))
                .isInstanceOf(NoSuchLogException.class)
                .hasMessage("no HpcJob ns/job and no log of one by that name (logs are kept 7d after a job ends)");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void findsTheLogOfTheUidTheHpcJobHasNowElseTheNewestByName() throws Exception {
        LogStore store = store(SMALL);
        store.name("uid-old", "ns", "job");
        store.append("uid-old", A0, 0, lines("old\n"));
        clock.advance(Duration.ofSeconds(1));
        store.name("uid-new", "ns", "job");
        store.append("uid-new", A0, 0, lines("new\n"));

        jobs.put("ns", "job", "uid-old", true);
        assertThat(read(store, "ns", "job", LogQuery.ALL)).isEqualTo("old\n");
        jobs.jobs.clear();
        assertThat(read(store, "ns", "job", LogQuery.ALL)).isEqualTo("new\n");
        assertThat(read(store(SMALL), "ns", "job", LogQuery.ALL))
                .as("after a restart")
                .isEqualTo("new\n");
    }

    @Test
    void saysWhyThereIsNoLog() throws Exception {
        LogStore store = store(SMALL);
        jobs.put("ns", "ended", "uid-9", true);
        jobs.put("ns", "waiting", "uid-8", false);

        assertThatThrownBy(() -> read(store, "ns", "nope", LogQuery.ALL))
                .isInstanceOf(NoSuchLogException.class)
                .hasMessageStartingWith("no HpcJob ns/nope and no log of one by that name");
        assertThatThrownBy(() -> read(store, "ns", "ended", LogQuery.ALL))
                .isInstanceOf(NoSuchLogException.class)
                .hasMessage(
                        "HpcJob ns/ended has no log: none was received for it, or it was deleted 7d after the job ended");
        assertThat(read(store, "ns", "waiting", LogQuery.ALL))
                .as("a job that has not written yet")
                .isEmpty();
    }

    @Test
    void tailIsTheLastWholeLinesSanitisedWithinTheLimit() throws Exception {
        LogStore store = store(SMALL);
        for (int i = 0; i < 1000; i++) {
            store.append("uid-1", A0, i, lines("line " + i + " \u001b[1m\n"));
        }
        String tail = store.tail("uid-1", 2048);
        assertThat(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(2048);
        assertThat(tail).endsWith("line 999 \\x1B[1m\n").doesNotContain("\u001b");
        assertThat(tail.lines().findFirst().orElseThrow()).matches("line \\d+ \\\\x1B\\[1m");
        assertThat(store.tail("uid-1", 2048)).isEqualTo(tail);
        assertThat(store.tail("uid-none", 2048)).isEmpty();
    }

    @Test
    void takesHundredsOfJobsFromManySendersAtOnce() throws Exception {
        LogStore store = store(SMALL);
        int jobCount = 200;
        int senders = 4;
        int batches = 10;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int j = 0; j < jobCount; j++) {
                for (int s = 0; s < senders; s++) {
                    String uid = "job-" + j;
                    Sender sender = new Sender("n" + s, s, 1);
                    work.add(pool.submit(() -> {
                        for (int b = 0; b < batches; b++) {
                            store.append(
                                    uid,
                                    sender,
                                    b,
                                    lines(sender.task() + ":" + b + "a\n", sender.task() + ":" + b + "b\n"));
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int j = 0; j < jobCount; j++) {
            jobs.put("ns", "job-" + j, "job-" + j, true);
            List<String> lines =
                    read(store, "ns", "job-" + j, LogQuery.ALL).lines().toList();
            assertThat(lines).hasSize(senders * batches * 2);
            for (int s = 0; s < senders; s++) {
                String mark = s + ":";
                List<String> own =
                        lines.stream().filter(l -> l.startsWith(mark)).toList();
                List<String> expected = new ArrayList<>();
                for (int b = 0; b < batches; b++) {
                    expected.add(mark + b + "a");
                    expected.add(mark + b + "b");
                }
                assertThat(own).as("job-%d sender %d in order", j, s).isEqualTo(expected);
            }
        }
    }

    static long du(Path jobDir) throws IOException {
        try (Stream<Path> files = Files.list(jobDir)) {
            return files.filter(p -> p.toString().endsWith(JobLog.SEGMENT_SUFFIX))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
