package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordBufferTest {
    private static void out(RecordBuffer b, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        b.output(Records.STDOUT, 7, bytes, 0, bytes.length);
    }

    /** Everything queued, in order, as the sender would take it. */
    private static List<String> drain(RecordBuffer b) throws InterruptedException {
        List<String> all = new ArrayList<>();
        RecordBuffer.Batch batch;
        while ((batch = b.take(System.nanoTime())) != null) {
            all.addAll(WireRecords.parse(batch).texts());
            b.delivered(batch);
        }
        return all;
    }

    @Test
    void outputThatDoesNotFitIsDroppedAndCountedInAGapBeforeTheNextOutputThatFits() throws Exception {
        // Given room for two 10-byte records (23 bytes each)
        RecordBuffer b = new RecordBuffer(46 + Records.HEADER + 8);
        out(b, "0123456789");
        out(b, "abcdefghij");
        // When two more arrive while it is full, then the sender delivers, then more output comes
        out(b, "dropped 1");
        out(b, "dropped 22");
        RecordBuffer.Batch batch = b.take(System.nanoTime());
        b.delivered(batch);
        out(b, "after");
        // Then
        assertThat(WireRecords.parse(batch).texts()).containsExactly("1:0123456789", "1:abcdefghij");
        assertThat(drain(b)).containsExactly("5:19", "1:after");
        assertThat(b.used()).isZero();
    }

    @Test
    void theEndCarriesAPendingGapAndTheExitCodeAndNothingComesAfterIt() throws Exception {
        RecordBuffer b = new RecordBuffer(30);
        out(b, "fits");
        out(b, "does not fit at all");
        b.end(9, 3);
        out(b, "late");
        b.progress(9, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(drain(b)).containsExactly("1:fits", "5:19", "4:{\"exitCode\":3}");
        assertThat(b.finished()).isTrue();
    }

    @Test
    void progressMayUseASmallReserveBeyondTheCapacityButIsNeverOutput() throws Exception {
        RecordBuffer b = new RecordBuffer(20);
        out(b, "0123456"); // fills it: 13 + 7
        byte[] event = "{\"event\":\"pull.start\"}".getBytes(StandardCharsets.UTF_8);
        b.progress(1, event);
        int events = 1;
        while (b.used() + Records.HEADER + event.length <= 20 + RecordBuffer.CONTROL_RESERVE) {
            b.progress(1, event);
            events++;
        }
        b.progress(1, event);
        assertThat(b.used()).isLessThanOrEqualTo(20 + RecordBuffer.CONTROL_RESERVE);
        b.end(1, 0);
        List<String> all = drain(b);
        assertThat(all).filteredOn(r -> r.startsWith("3:")).hasSize(events);
        assertThat(all).noneMatch(r -> r.startsWith("5:"));
    }

    @Test
    void batchesAreCutAtTheBatchSizeAndAFullOneIsTakenAtOnce() throws Exception {
        RecordBuffer b = new RecordBuffer(1 << 20, 64);
        for (int i = 0; i < 5; i++) {
            out(b, "line " + i + " of output\n"); // 13 + 17 bytes: two records a batch
        }
        long far = System.nanoTime() + 60_000_000_000L;
        RecordBuffer.Batch first = b.take(far);
        assertThat(WireRecords.parse(first).records()).hasSize(2);
        assertThat(first.outputBytes).isEqualTo(34);
    }

    @Test
    void aRefusedBatchBecomesAGapAndARefusedTokenEmptiesTheBuffer() throws Exception {
        RecordBuffer b = new RecordBuffer(1 << 20);
        out(b, "refused");
        RecordBuffer.Batch batch = b.take(System.nanoTime());
        b.refused(batch);
        out(b, "next");
        assertThat(drain(b)).containsExactly("5:7", "1:next");

        out(b, "kept until the token is refused");
        b.disable();
        out(b, "after");
        assertThat(b.used()).isZero();
        assertThat(b.take(System.nanoTime())).isNull();
        assertThat(b.finished()).isTrue();
    }
}
