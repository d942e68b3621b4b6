package dev.hpcenv.shim.logship;

/**
 * Cuts one stream's bytes into output records: each as long as it can be up to {@link
 * Records#MAX_PAYLOAD} and ending at a newline where one is in reach; what follows the last
 * newline waits for more bytes (or {@link #flush}, after 100 ms without any). Only the newline
 * search touches each byte. Used by one thread (the stream's pump).
 */
final class LineSplitter {
    /** Where records go. */
    interface Output {
        void output(int type, long timeMillis, byte[] bytes, int offset, int length);
    }

    private final int type;
    private final Output out;
    private final int max;
    private final byte[] partial;
    private int partialLength;
    private long partialTime;

    LineSplitter(int type, Output out) {
        this(type, out, Records.MAX_PAYLOAD);
    }

    LineSplitter(int type, Output out, int max) {
        this.type = type;
        this.out = out;
        this.max = max;
        this.partial = new byte[max];
    }

    boolean hasPartial() {
        return partialLength > 0;
    }

    /** Bytes read at {@code timeMillis}; the record of a line begun earlier keeps that line's time. */
    void accept(byte[] b, int offset, int length, long timeMillis) {
        int start = offset;
        int end = offset + length;
        if (partialLength > 0) {
            int window = Math.min(end, start + max - partialLength);
            int nl = lastNewline(b, start, window);
            int take = nl >= 0 ? nl + 1 - start : window - start;
            System.arraycopy(b, start, partial, partialLength, take);
            partialLength += take;
            start += take;
            if (nl < 0 && partialLength < max) {
                return;
            }
            flush();
        }
        while (start < end) {
            int window = Math.min(end, start + max);
            int nl = lastNewline(b, start, window);
            if (nl >= 0) {
                out.output(type, timeMillis, b, start, nl + 1 - start);
                start = nl + 1;
            } else if (window - start == max) {
                out.output(type, timeMillis, b, start, max);
                start = window;
            } else {
                System.arraycopy(b, start, partial, 0, end - start);
                partialLength = end - start;
                partialTime = timeMillis;
                start = end;
            }
        }
    }

    /** Sends what waits for a newline (the stream went idle or ended). */
    void flush() {
        if (partialLength > 0) {
            out.output(type, partialTime, partial, 0, partialLength);
            partialLength = 0;
        }
    }

    private static int lastNewline(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
