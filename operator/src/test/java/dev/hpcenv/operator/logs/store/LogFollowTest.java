package dev.hpcenv.operator.logs.store;

import static dev.hpcenv.operator.logs.store.StoreFixture.T0;
import static dev.hpcenv.operator.logs.store.StoreFixture.lines;
import static dev.hpcenv.operator.logs.store.StoreFixture.query;
import static dev.hpcenv.operator.logs.store.StoreFixture.sender;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.Sender;
import dev.hpcenv.operator.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code follow=true}: new records reach a blocked reader at once, and the read ends with the job. */
class LogFollowTest {
    private static final Sender A0 = sender("a", 0);
    private static final Sender B1 = sender("b", 1);
    private static final LogQuery FOLLOW = query(Map.of("follow", "true", "prefix", "true"));

    @TempDir
    Path dir;

    private final StoreFixture.Directory jobs = new StoreFixture.Directory();
    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    private LogStore store;
    private Thread reader;

    @BeforeEach
    void runningJob() throws Exception {
        jobs.put("ns", "job", "uid-1", false);
        store = new LogStore(dir, 1 << 20, Duration.ofDays(7), jobs, clock);
        store.append("uid-1", A0, 0, lines("first\n"));
    }

    @AfterEach
    void stopReader() throws Exception {
        if (reader != null) {
            reader.interrupt();
            reader.join(5000);
        }
    }

    /** What the reader wrote, and a wait for it with a deadline. */
    static final class Watched extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean awaitContains(String part, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!text().contains(part)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }
    }

    private Watched follow(AtomicReference<Throwable> failure) {
        Watched out = new Watched();
        reader = new Thread(() -> {
            try {
                store.read("ns", "job", FOLLOW, out);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        return out;
    }

    @Test
    void deliversANewRecordToABlockedFollowerWithinTwoSeconds() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Watched out = follow(failure);
        assertThat(out.awaitContains("[a/0] first\n", Duration.ofSeconds(10))).isTrue();

        store.append("uid-1", B1, 0, lines("second\n"));

        assertThat(out.awaitContains("[b/1] second\n", Duration.ofSeconds(2)))
                .as("the new line within 2 s; got: %s", out.text())
                .isTrue();
        assertThat(reader.isAlive()).isTrue();
        assertThat(failure.get()).isNull();
    }

    @Test
    void endsWhenTheJobEndedAndEverySenderSentItsEnd() throws Exception {
        store.append("uid-1", B1, 0, lines("b\n"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Watched out = follow(failure);
        assertThat(out.awaitContains("[b/1] b\n", Duration.ofSeconds(10))).isTrue();

        store.jobEnded("uid-1", clock.instant());
        store.append("uid-1", A0, 1, List.of(StoreFixture.out("last\n"), new LogRecord.End(T0, 0)));
        assertThat(reader.isAlive()).as("B1 has not sent its end").isTrue();
        store.append("uid-1", B1, 1, List.of(new LogRecord.End(T0, 1)));

        reader.join(Duration.ofSeconds(5).toMillis());
        assertThat(reader.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(out.text()).isEqualTo("[a/0] first\n[b/1] b\n[a/0] last\n");
    }

    @Test
    void endsWhenTheDirectorySaysTheJobEndedAndTheSendersAreDone() throws Exception {
        store.append("uid-1", A0, 1, List.of(new LogRecord.End(T0, 0)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Watched out = follow(failure);
        assertThat(out.awaitContains("first", Duration.ofSeconds(10))).isTrue();

        jobs.put("ns", "job", "uid-1", true);

        reader.join(Duration.ofSeconds(5).toMillis());
        assertThat(reader.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
    }

    @Test
    void aJobThatEndedLongAgoWithASilentSenderEndsTheFollowAtOnce() throws Exception {
        store.jobEnded("uid-1", clock.instant().minus(Duration.ofHours(1)));
        Watched out = new Watched();

        store.read("ns", "job", FOLLOW, out);

        assertThat(out.text()).isEqualTo("[a/0] first\n");
    }

    @Test
    void returnsWhenInterrupted() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Watched out = follow(failure);
        assertThat(out.awaitContains("first", Duration.ofSeconds(10))).isTrue();

        reader.interrupt();

        reader.join(Duration.ofSeconds(5).toMillis());
        assertThat(reader.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aFollowerOfAJobWithNoOutputYetGetsItsFirstLine() throws Exception {
        jobs.put("ns", "job", "uid-2", false);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Watched out = follow(failure);

        store.append("uid-2", A0, 0, lines("hello\n"));

        assertThat(out.awaitContains("[a/0] hello\n", Duration.ofSeconds(2))).isTrue();
        assertThat(failure.get()).isNull();
    }
}
