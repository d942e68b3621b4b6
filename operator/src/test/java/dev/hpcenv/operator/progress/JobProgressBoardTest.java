package dev.hpcenv.operator.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.crd.v1alpha1.HpcJobPhase;
import dev.hpcenv.crd.v1alpha1.HpcJobStatus;
import dev.hpcenv.operator.logs.ProgressEvent;
import dev.hpcenv.operator.logs.Sender;
import dev.hpcenv.operator.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JobProgressBoardTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));

    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicReference<String> tail = new AtomicReference<>("");
    private final OutputTails tails = new OutputTails() {
        @Override
        public long outputBytes(String uid) {
            return written.get();
        }

        @Override
        public Optional<String> tail(String uid) {
            return Optional.of(tail.get());
        }
    };

    @Test
    void aReportWakesTheJobAndAManyReportsBurstWakesItRarely() throws Exception {
        LinkedBlockingQueue<String> woken = new LinkedBlockingQueue<>();
        try (JobProgressBoard board = new JobProgressBoard(tails, Clock.systemUTC())) {
            board.wakeWith(woken::add);
            Sender s = new Sender("node1", 0, 1);
            for (int i = 0; i < 1000; i++) {
                board.progress(
                        "uid-1",
                        s,
                        new ProgressEvent(
                                "pull.bytes", "", Map.of("bytesDone", "" + i, "bytesTotal", "1000"), Instant.now()));
            }
            assertThat(woken.poll(5, TimeUnit.SECONDS)).isEqualTo("uid-1");
            // The burst is spread: at most one more wake within the spacing that followed the first.
            String again = woken.poll(2 * JobProgressBoard.WAKE_SPACING.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(woken.size()).isZero();
            assertThat(again).isIn("uid-1", null);
            HpcJobStatus status = new HpcJobStatus();
            board.apply("uid-1", status);
            assertThat(status.getProgress().getImage().getBytesDone()).isEqualTo(999);
        }
    }

    @Test
    void theTailIsTakenWhenOutputMovedAtMostEvery15SecondsAndAlwaysAtTheEnd() {
        try (JobProgressBoard board = new JobProgressBoard(tails, clock)) {
            board.progress(
                    "uid-1",
                    new Sender("node1", 0, 1),
                    new ProgressEvent("container.started", "", Map.of(), clock.instant()));
            HpcJobStatus running = new HpcJobStatus();
            running.setPhase(HpcJobPhase.RUNNING);

            written.set(7);
            tail.set("line 1\n");
            board.apply("uid-1", running);
            assertThat(running.getOutputTail()).isEqualTo("line 1\n");

            clock.advance(Duration.ofSeconds(5));
            written.set(14);
            tail.set("line 1\nline 2\n");
            HpcJobStatus soon = new HpcJobStatus();
            soon.setPhase(HpcJobPhase.RUNNING);
            board.apply("uid-1", soon);
            assertThat(soon.getOutputTail()).as("not before 15 s").isNull();

            clock.advance(JobProgressBoard.TAIL_REFRESH);
            board.apply("uid-1", soon);
            assertThat(soon.getOutputTail()).isEqualTo("line 1\nline 2\n");

            clock.advance(Duration.ofSeconds(1));
            written.set(19);
            tail.set("line 1\nline 2\nlast\n");
            HpcJobStatus ended = new HpcJobStatus();
            ended.setPhase(HpcJobPhase.SUCCEEDED);
            board.apply("uid-1", ended);
            assertThat(ended.getOutputTail()).as("the end is not held back").isEqualTo("line 1\nline 2\nlast\n");
        }
    }

    @Test
    void afterARestartAnEndedJobGetsItsTailOnceAndAnUnknownRunningJobIsLeftAlone() {
        try (JobProgressBoard board = new JobProgressBoard(tails, clock)) {
            written.set(4);
            tail.set("bye\n");
            HpcJobStatus running = new HpcJobStatus();
            running.setPhase(HpcJobPhase.RUNNING);
            board.apply("uid-2", running);
            assertThat(running.getOutputTail()).isNull();
            assertThat(running.getProgress()).isNull();

            HpcJobStatus ended = new HpcJobStatus();
            ended.setPhase(HpcJobPhase.FAILED);
            board.apply("uid-2", ended);
            assertThat(ended.getOutputTail()).isEqualTo("bye\n");
        }
    }

    @Test
    void forgottenJobsAndLongEndedOnesLeaveNothingBehind() {
        try (JobProgressBoard board = new JobProgressBoard(tails, clock)) {
            Sender s = new Sender("node1", 0, 1);
            board.progress("gone", s, new ProgressEvent("container.started", "", Map.of(), clock.instant()));
            board.forget("gone");
            assertThat(board.reports("gone")).isEmpty();

            board.progress("old", s, new ProgressEvent("container.started", "", Map.of(), clock.instant()));
            board.ended("old", s, 0);
            HpcJobStatus ended = new HpcJobStatus();
            ended.setPhase(HpcJobPhase.SUCCEEDED);
            board.apply("old", ended);
            clock.advance(JobProgressBoard.KEEP_ENDED.plus(Duration.ofSeconds(1)));
            board.tick();
            assertThat(board.reports("old")).isEmpty();
        }
    }
}
