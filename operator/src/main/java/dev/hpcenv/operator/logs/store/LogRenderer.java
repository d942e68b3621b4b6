package dev.hpcenv.operator.logs.store;

import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.Sender;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a job's entries, in arrival order, into the lines a reader asked for (docs/job-output.md,
 * section 4): the task and node filters, {@code sinceSeconds} by record time, the timestamp and
 * {@code [node/task]} prefixes at each line start, and sanitising. A line is a sender's stream's
 * bytes up to a newline; a line cut into several records keeps one prefix because each stream
 * remembers whether it is in the middle of a line. Markers ({@code [hpcenv: N bytes dropped]}, the
 * operator's notes) are lines of their own.
 *
 * <p>Without an output stream it only counts lines, for {@code tailLines}: the first pass counts, the
 * second skips all but the last N.
 */
final class LogRenderer implements SegmentWalk.Visitor {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private record StreamKey(Sender sender, boolean stderr) {}

    private static final class StreamState {
        boolean midLine;
        long line;
        final Sanitizer sanitizer = new Sanitizer();
    }

    private final LogQuery query;
    private final OutputStream out;
    private final long skipLines;
    private final long cutoffMillis;
    private final Map<StreamKey, StreamState> streams = new HashMap<>();
    private long nextLine;

    /**
     * @param out          where lines go; null to count them only
     * @param skipLines    lines of the selection not to write (all but the last tailLines)
     * @param cutoffMillis records read before this are left out (sinceSeconds); Long.MIN_VALUE for all
     */
    LogRenderer(LogQuery query, OutputStream out, long skipLines, long cutoffMillis) {
        this.query = query;
        this.out = out;
        this.skipLines = skipLines;
        this.cutoffMillis = cutoffMillis;
    }

    /** Lines of the selection seen so far (markers included). */
    long lines() {
        return nextLine;
    }

    @Override
    public void entry(Entry e) throws IOException {
        if (e.timeMillis() < cutoffMillis || !selected(e.sender())) {
            return;
        }
        switch (e.type()) {
            case Entry.STDOUT, Entry.STDERR -> output(e);
            case Entry.GAP ->
                marker(
                        e.sender(),
                        e.timeMillis(),
                        droppedText(ByteBuffer.wrap(e.payload()).getLong()));
            case Entry.NOTE ->
                marker(e.sender(), e.timeMillis(), "[hpcenv: " + new String(e.payload(), StandardCharsets.UTF_8) + "]");
            default -> {
                // headers and ends are the store's bookkeeping, not lines
            }
        }
    }

    @Override
    public void dropped(long outputBytes, long timeMillis) throws IOException {
        if (timeMillis < cutoffMillis) {
            return;
        }
        marker(null, timeMillis, droppedText(outputBytes));
    }

    /** The end of the read: a character cut short at the end of a stream shows as U+FFFD. */
    void finish() throws IOException {
        if (out == null || query.raw()) {
            return;
        }
        for (StreamState st : streams.values()) {
            if (visible(st.line)) {
                st.sanitizer.finish(out);
            }
        }
    }

    static String droppedText(long bytes) {
        return "[hpcenv: " + bytes + " bytes dropped]";
    }

    private boolean selected(Sender sender) {
        if (sender.node().isEmpty()) {
            return true;
        }
        if (query.task().isPresent() && query.task().getAsInt() != sender.task()) {
            return false;
        }
        return query.node().isEmpty() || query.node().get().equals(sender.node());
    }

    private void output(Entry e) throws IOException {
        StreamState st =
                streams.computeIfAbsent(new StreamKey(e.sender(), e.type() == Entry.STDERR), k -> new StreamState());
        byte[] p = e.payload();
        int i = 0;
        while (i < p.length) {
            if (!st.midLine) {
                st.line = nextLine++;
                st.midLine = true;
                if (visible(st.line)) {
                    lineStart(e.timeMillis(), e.sender());
                }
            }
            int end = i;
            while (end < p.length && p[end] != '\n') {
                end++;
            }
            boolean newline = end < p.length;
            if (newline) {
                end++;
            }
            if (visible(st.line)) {
                if (query.raw()) {
                    out.write(p, i, end - i);
                } else {
                    st.sanitizer.write(p, i, end - i, out);
                }
            }
            if (newline) {
                st.midLine = false;
            }
            i = end;
        }
    }

    /** A line of its own; a stream of the sender (of every sender, for null) in mid-line ends first. */
    private void marker(Sender sender, long timeMillis, String text) throws IOException {
        for (Map.Entry<StreamKey, StreamState> s : streams.entrySet()) {
            StreamState st = s.getValue();
            if (st.midLine && (sender == null || s.getKey().sender().equals(sender))) {
                if (visible(st.line)) {
                    if (!query.raw()) {
                        st.sanitizer.finish(out);
                    }
                    out.write('\n');
                }
                st.midLine = false;
            }
        }
        long line = nextLine++;
        if (visible(line)) {
            lineStart(timeMillis, sender);
            out.write(Sanitizer.sanitize(text.replace('\n', ' ').getBytes(StandardCharsets.UTF_8)));
            out.write('\n');
        }
    }

    private boolean visible(long line) {
        return out != null && line >= skipLines;
    }

    private void lineStart(long timeMillis, Sender sender) throws IOException {
        if (query.timestamps()) {
            out.write(TIME.format(Instant.ofEpochMilli(timeMillis)).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
        }
        if (query.prefix() && sender != null) {
            out.write(('[' + sender.node() + '/' + sender.task() + "] ").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
