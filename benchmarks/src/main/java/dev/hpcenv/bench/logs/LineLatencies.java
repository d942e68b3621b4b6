package dev.hpcenv.bench.logs;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The follower's end of the benchmark: the bytes a {@code LogStore.read(follow)} writes, taken apart
 * into lines as they arrive. A task line starts with its write time in epoch nanoseconds; its
 * delivery latency is the time it reaches this stream minus that. The store's own lines ({@code
 * [hpcenv: N bytes dropped]}) are counted as gaps with the bytes they name.
 */
final class LineLatencies extends OutputStream {
    private static final int MAX_DIGITS = 19;

    private long[] latencies = new long[1 << 16];
    private int count;
    private long bytes;
    private long gaps;
    private long droppedBytes;
    private long unparsed;
    /** At a line start, the first bytes of the line (the time or a marker), else done with the line. */
    private final byte[] head = new byte[64];

    private int headLength;
    private boolean atLineStart = true;
    private boolean headDone;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        bytes += len;
        long now = -1;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (atLineStart) {
                atLineStart = false;
                headDone = false;
                headLength = 0;
            }
            if (c == '\n') {
                if (!headDone) {
                    if (now < 0) {
                        now = nowNanos();
                    }
                    finishHead(now);
                }
                atLineStart = true;
                continue;
            }
            if (!headDone) {
                if (headLength < head.length) {
                    head[headLength++] = c;
                }
                boolean marker = headLength > 0 && head[0] == '[';
                if ((!marker && (c < '0' || c > '9')) || headLength == head.length) {
                    if (now < 0) {
                        now = nowNanos();
                    }
                    if (!marker) {
                        finishHead(now);
                    }
                }
            }
        }
    }

    /** The head of the current line is complete: a time (a task line) or a marker's text so far. */
    private void finishHead(long now) {
        headDone = true;
        String text = new String(head, 0, headLength, StandardCharsets.US_ASCII);
        if (text.startsWith("[hpcenv: ") && text.contains(" bytes dropped]")) {
            gaps++;
            String n = text.substring("[hpcenv: ".length(), text.indexOf(" bytes dropped]"));
            try {
                droppedBytes += Long.parseLong(n.replace(",", ""));
            } catch (NumberFormatException e) {
                unparsed++;
            }
            return;
        }
        int digits = 0;
        while (digits < headLength && digits < MAX_DIGITS && head[digits] >= '0' && head[digits] <= '9') {
            digits++;
        }
        if (digits != MAX_DIGITS) {
            unparsed++;
            return;
        }
        long written = Long.parseLong(text.substring(0, digits));
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = now - written;
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Task lines seen. */
    int lines() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    long gaps() {
        return gaps;
    }

    long droppedBytes() {
        return droppedBytes;
    }

    /** Lines that were neither a task line nor a gap marker (a line of the shim's own, or a cut head). */
    long unparsed() {
        return unparsed;
    }

    long[] latencies() {
        return Arrays.copyOf(latencies, count);
    }
}
