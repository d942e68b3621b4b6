package dev.hpcenv.shim.logship;

import java.util.ArrayDeque;

/**
 * The records waiting for the sender, bounded: output that does not fit is dropped and counted,
 * and the count goes in as a gap record before the next output that fits (or before the end).
 * Batches the sender holds count until it reports them delivered or dropped, so the memory held is
 * at most the capacity (plus a small reserve for progress events and the end record). Never blocks
 * a writer.
 */
final class RecordBuffer implements LineSplitter.Output {
    /** Progress events may use this much beyond the capacity; beyond it they are dropped (they are not output). */
    static final int CONTROL_RESERVE = 64 << 10;

    static final int BATCH_BYTES = 512 << 10;
    private static final int GAP_RECORD = Records.HEADER + 8;

    private final long capacity;
    private final int batchBytes;
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private long used;
    private long dropped;
    private boolean outputClosed;
    private boolean ended;
    private boolean disabled;

    RecordBuffer(long capacity) {
        this(capacity, BATCH_BYTES);
    }

    RecordBuffer(long capacity, int batchBytes) {
        this.capacity = capacity;
        this.batchBytes = batchBytes;
    }

    /** The body of one POST: whole records; {@code outputBytes} of them are the task's output. */
    static final class Batch {
        byte[] data;
        int length;
        long outputBytes;

        Batch(int initial) {
            data = new byte[initial];
        }
    }

    @Override
    public synchronized void output(int type, long timeMillis, byte[] b, int offset, int length) {
        if (outputClosed || disabled) {
            return;
        }
        if (dropped > 0) {
            if (used + GAP_RECORD + Records.HEADER + length > capacity) {
                dropped += length;
                return;
            }
            appendGap(timeMillis);
        }
        if (used + Records.HEADER + length > capacity) {
            dropped += length;
            return;
        }
        append(type, timeMillis, b, offset, length).outputBytes += length;
    }

    synchronized void progress(long timeMillis, byte[] payload) {
        if (ended || disabled || used + Records.HEADER + payload.length > capacity + CONTROL_RESERVE) {
            return;
        }
        append(Records.PROGRESS, timeMillis, payload, 0, payload.length);
    }

    /** No more output (the pumps are done or given up on). */
    synchronized void closeOutput() {
        outputClosed = true;
    }

    /** The last record: any pending gap, then the exit code. Wakes the sender. */
    synchronized void end(long timeMillis, int exitCode) {
        if (ended || disabled) {
            return;
        }
        outputClosed = true;
        if (dropped > 0) {
            appendGap(timeMillis);
        }
        byte[] payload = Records.endPayload(exitCode);
        append(Records.END, timeMillis, payload, 0, payload.length);
        ended = true;
        notifyAll();
    }

    /** Shipping stopped for good (the endpoint refused the token): nothing more is kept. */
    synchronized void disable() {
        disabled = true;
        queue.clear();
        used = 0;
        notifyAll();
    }

    synchronized void delivered(Batch b) {
        used -= b.length;
    }

    /** The endpoint refused the batch: its output counts as dropped. */
    synchronized void refused(Batch b) {
        used -= b.length;
        dropped += b.outputBytes;
    }

    /**
     * The next batch: at once when a full one waits or the end is in, else once {@code
     * deadlineNanos} (System.nanoTime) has passed; null when there is nothing.
     */
    synchronized Batch take(long deadlineNanos) throws InterruptedException {
        while (!disabled && !ended && queue.size() < 2) {
            long waitMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (waitMs <= 0) {
                break;
            }
            wait(waitMs);
        }
        return disabled ? null : queue.poll();
    }

    /** Waits up to {@code millis}; returns early when the end comes in meanwhile (the last chance to deliver). */
    synchronized void pause(long millis) throws InterruptedException {
        boolean endedBefore = ended;
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!disabled && ended == endedBefore) {
            long waitMs = (deadline - System.nanoTime()) / 1_000_000;
            if (waitMs <= 0) {
                return;
            }
            wait(waitMs);
        }
    }

    /** Everything is delivered (or shipping is off). */
    synchronized boolean finished() {
        return disabled || (ended && queue.isEmpty());
    }

    synchronized boolean disabled() {
        return disabled;
    }

    synchronized long used() {
        return used;
    }

    private void appendGap(long timeMillis) {
        byte[] gap = Records.gapPayload(dropped);
        append(Records.GAP, timeMillis, gap, 0, gap.length);
        dropped = 0;
    }

    private Batch append(int type, long timeMillis, byte[] b, int offset, int length) {
        int size = Records.HEADER + length;
        Batch last = queue.peekLast();
        if (last == null || last.length + size > batchBytes) {
            last = new Batch(Math.min(batchBytes, Math.max(size, 16 << 10)));
            queue.add(last);
            if (queue.size() == 2) {
                notifyAll();
            }
        }
        if (last.length + size > last.data.length) {
            last.data = java.util.Arrays.copyOf(
                    last.data, Math.max(last.length + size, Math.min(batchBytes, last.data.length * 2)));
        }
        last.length = Records.write(last.data, last.length, type, timeMillis, b, offset, length);
        used += size;
        return last;
    }
}
