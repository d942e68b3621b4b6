package dev.hpcenv.operator.logs.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;

/**
 * Reads a job's entries from a position up to a snapshot's end, one entry in memory at a time.
 * Where segments were dropped before the reader got to them (the bound, or a follower that fell
 * behind), the visitor hears how many output bytes went.
 */
final class SegmentWalk {

    interface Visitor {
        void entry(Entry e) throws IOException;

        void dropped(long outputBytes, long timeMillis) throws IOException;
    }

    /**
     * Where a reader is: in segment {@code segmentId} at {@code offset}, having passed
     * {@code outputBytes} of the job's output (dropped ones included).
     */
    record Position(long segmentId, long offset, long outputBytes) {
        static final Position START = new Position(-1, 0, 0);

        static Position at(JobLog.Segment segment) {
            return new Position(segment.id(), 0, segment.outputBytesBefore());
        }
    }

    private SegmentWalk() {}

    static Position walk(JobLog.Snapshot snapshot, Position from, Visitor visitor) throws IOException {
        Position at = from;
        for (JobLog.Segment segment : snapshot.segments()) {
            if (segment.id() < at.segmentId()) {
                continue;
            }
            if (segment.id() > at.segmentId()) {
                if (segment.outputBytesBefore() > at.outputBytes()) {
                    visitor.dropped(segment.outputBytesBefore() - at.outputBytes(), segment.createdMillis());
                }
                at = Position.at(segment);
            }
            if (at.offset() >= segment.size()) {
                continue;
            }
            at = read(segment, at, visitor);
        }
        return at;
    }

    private static Position read(JobLog.Segment segment, Position at, Visitor visitor) throws IOException {
        long outputBytes = at.outputBytes();
        FileChannel channel;
        try {
            channel = FileChannel.open(segment.path(), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            // Dropped since the snapshot: the next segment's header tells how much went.
            return at;
        }
        try (channel;
                InputStream in =
                        new BufferedInputStream(Channels.newInputStream(channel.position(at.offset())), 64 << 10)) {
            EntryCodec.Reader reader = new EntryCodec.Reader(in, at.offset(), segment.size());
            Entry e;
            while ((e = reader.next()) != null) {
                if (e.output()) {
                    outputBytes += e.payload().length;
                }
                visitor.entry(e);
            }
            // A damaged entry is skipped with the rest of its segment: the reader moves on to the next.
            long offset = reader.damaged() ? segment.size() : reader.offset();
            return new Position(segment.id(), offset, outputBytes);
        }
    }
}
