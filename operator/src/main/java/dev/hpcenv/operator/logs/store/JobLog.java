package dev.hpcenv.operator.logs.store;

import dev.hpcenv.operator.logs.Sender;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One job's log on disk: segment files {@code <16-digit id>.seg} in the job's directory, oldest
 * first, together at most {@code maxBytes}. Appends go to the newest segment; a full one is followed
 * by a new one, and past the bound the oldest is deleted. Each segment starts with a header entry
 * (the output bytes written before it and every sender's last batch and end), so the state survives
 * dropping older segments and a restart rebuilds it by reading what is left. Writers hold this
 * object's lock; readers take a {@link Snapshot} and read the files without it (an entry is only
 * counted once it is wholly written), and {@link #awaitChange} wakes them on every append.
 */
final class JobLog {
    static final String SEGMENT_SUFFIX = ".seg";

    enum Appended {
        TAKEN,
        DUPLICATE
    }

    record Segment(long id, Path path, long size, long outputBytesBefore, long createdMillis) {}

    record SenderState(long lastSeq, boolean ended) {}

    /** What a reader sees at one moment; files may lose their oldest segments after it was taken. */
    record Snapshot(
            List<Segment> segments,
            long outputBytes,
            long version,
            boolean exists,
            int senders,
            boolean allSendersEnded,
            OptionalLong endedAtMillis) {}

    private final String uid;
    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final int chunkBytes;

    private boolean loaded;
    private boolean deleted;
    private final List<Segment> segments = new ArrayList<>();
    private final Map<Sender, SenderState> senders = new LinkedHashMap<>();
    private long totalBytes;
    private long outputBytes;
    private long version;
    private JobMeta meta = JobMeta.NONE;

    JobLog(String uid, Path dir, long maxBytes) {
        this.uid = uid;
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(16 << 10, maxBytes / 8);
        this.chunkBytes = (int) Math.min(64 << 10, segmentBytes / 4);
    }

    String uid() {
        return uid;
    }

    Path dir() {
        return dir;
    }

    synchronized boolean deleted() {
        return deleted;
    }

    synchronized JobMeta meta() throws IOException {
        load();
        return meta;
    }

    synchronized long diskBytes() throws IOException {
        load();
        return totalBytes;
    }

    synchronized Snapshot snapshot() throws IOException {
        load();
        boolean allEnded = !senders.isEmpty() && senders.values().stream().allMatch(SenderState::ended);
        return new Snapshot(
                List.copyOf(segments),
                outputBytes,
                version,
                Files.isDirectory(dir),
                senders.size(),
                allEnded,
                meta.endedAtMillis());
    }

    /** Waits at most {@code millis} for a version after {@code seen} (an append, the job's end, deletion). */
    synchronized void awaitChange(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (version == seen && !deleted) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    synchronized void name(String namespace, String name, long atMillis) throws IOException {
        load();
        Files.createDirectories(dir);
        meta = meta.named(namespace, name, atMillis);
        meta.write(dir);
    }

    synchronized void ended(long atMillis) throws IOException {
        load();
        if (meta.endedAtMillis().isPresent()) {
            return;
        }
        Files.createDirectories(dir);
        meta = meta.ended(atMillis);
        meta.write(dir);
        changed();
    }

    /** Marks this log gone (the retention sweep deletes its directory): followers stop waiting. */
    synchronized void markDeleted() {
        deleted = true;
        changed();
    }

    /**
     * Appends a sender's batch once: a batch whose {@code seq} is not after the sender's last is
     * acknowledged and not stored again (a sender sends its batches in order and retries one until
     * it is taken or dropped, so anything not after the last was taken before).
     */
    synchronized Appended append(Sender sender, long seq, List<LogRecord> records) throws IOException {
        load();
        if (deleted) {
            throw new IOException("the log of job " + uid + " was just deleted");
        }
        SenderState state = senders.get(sender);
        if (state != null && seq <= state.lastSeq()) {
            return Appended.DUPLICATE;
        }
        Files.createDirectories(dir);
        boolean ended = state != null && state.ended();
        Writer writer = new Writer();
        try {
            for (LogRecord record : records) {
                if (record instanceof LogRecord.Output o) {
                    byte[] bytes = o.bytes();
                    for (int off = 0; off < bytes.length; off += chunkBytes) {
                        int end = Math.min(bytes.length, off + chunkBytes);
                        byte[] chunk = off == 0 && end == bytes.length ? bytes : Arrays.copyOfRange(bytes, off, end);
                        writer.add(new Entry(
                                o.stderr() ? Entry.STDERR : Entry.STDOUT, o.timeMillis(), sender, seq, chunk));
                    }
                } else if (record instanceof LogRecord.Gap g) {
                    byte[] count =
                            ByteBuffer.allocate(8).putLong(g.droppedBytes()).array();
                    writer.add(new Entry(Entry.GAP, g.timeMillis(), sender, seq, count));
                } else if (record instanceof LogRecord.End e) {
                    byte[] code = ByteBuffer.allocate(4).putInt(e.exitCode()).array();
                    writer.add(new Entry(Entry.END, e.timeMillis(), sender, seq, code));
                    ended = true;
                } else if (record instanceof LogRecord.Note n) {
                    byte[] text = n.utf8();
                    writer.add(new Entry(
                            Entry.NOTE,
                            n.timeMillis(),
                            sender,
                            seq,
                            Arrays.copyOf(text, Math.min(text.length, chunkBytes))));
                }
            }
            writer.flush();
        } catch (IOException | RuntimeException e) {
            writer.abandon();
            throw e;
        }
        senders.put(sender, new SenderState(seq, ended));
        changed();
        return Appended.TAKEN;
    }

    private void changed() {
        version++;
        notifyAll();
    }

    /**
     * Puts entries into the newest segment, starting a new one when it is full and deleting the
     * oldest past the bound. Bytes are written per segment in one go; on a failure the segment is
     * cut back to its last whole entry and the state is read again from disk.
     */
    private final class Writer {
        private ByteBuffer pending = ByteBuffer.allocate(0);

        void add(Entry e) throws IOException {
            int size = e.encodedSize();
            Segment active = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            long activeSize = active == null ? 0 : active.size() + pending.position();
            if (active == null || activeSize + size > segmentBytes && activeSize > headerSize()) {
                flush();
                Entry header = header(e.timeMillis());
                makeRoom(header.encodedSize() + size);
                startSegment(header);
            } else {
                makeRoom(size);
            }
            append(e);
            if (e.output()) {
                outputBytes += e.payload().length;
            }
        }

        private void append(Entry e) {
            int size = e.encodedSize();
            if (pending.remaining() < size) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + size));
                pending.flip();
                bigger.put(pending);
                pending = bigger;
            }
            EntryCodec.encode(e, pending);
        }

        private void makeRoom(long bytes) throws IOException {
            while (totalBytes + pending.position() + bytes > maxBytes && segments.size() > 1) {
                Segment oldest = segments.remove(0);
                totalBytes -= oldest.size();
                Files.deleteIfExists(oldest.path());
            }
        }

        private void startSegment(Entry header) throws IOException {
            long id = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).id() + 1;
            Path path = dir.resolve(String.format("%016d", id) + SEGMENT_SUFFIX);
            Files.deleteIfExists(path);
            Files.createFile(path);
            segments.add(new Segment(id, path, 0, outputBytes, header.timeMillis()));
            append(header);
        }

        void flush() throws IOException {
            if (pending.position() == 0) {
                return;
            }
            int last = segments.size() - 1;
            Segment active = segments.get(last);
            pending.flip();
            try (FileChannel ch = FileChannel.open(active.path(), StandardOpenOption.WRITE)) {
                ch.position(active.size());
                while (pending.hasRemaining()) {
                    ch.write(pending);
                }
            }
            long written = pending.limit();
            segments.set(
                    last,
                    new Segment(
                            active.id(),
                            active.path(),
                            active.size() + written,
                            active.outputBytesBefore(),
                            active.createdMillis()));
            totalBytes += written;
            pending = ByteBuffer.allocate(0);
        }

        void abandon() {
            pending = ByteBuffer.allocate(0);
            if (!segments.isEmpty()) {
                Segment active = segments.get(segments.size() - 1);
                try (FileChannel ch = FileChannel.open(active.path(), StandardOpenOption.WRITE)) {
                    ch.truncate(active.size());
                } catch (IOException e) {
                    // reading it again below stops at the last whole entry all the same
                }
            }
            loaded = false;
            try {
                load();
            } catch (IOException e) {
                // the next append or read tries again
            }
        }

        private int headerSize() {
            return header(0).encodedSize();
        }
    }

    private Entry header(long timeMillis) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + senders.size() * (1 + NodeNames.MAX_LENGTH + 4 + 4 + 8 + 1));
        b.putLong(outputBytes);
        b.putInt(senders.size());
        senders.forEach((s, st) -> {
            byte[] node = s.node().getBytes(StandardCharsets.US_ASCII);
            b.put((byte) node.length).put(node);
            b.putInt(s.task()).putInt(s.attempt()).putLong(st.lastSeq()).put((byte) (st.ended() ? 1 : 0));
        });
        return new Entry(Entry.HEADER, timeMillis, Entry.NOBODY, -1, Arrays.copyOf(b.array(), b.position()));
    }

    /** Reads the segments (and the meta) into memory the first time the log is used. */
    private void load() throws IOException {
        if (loaded) {
            return;
        }
        segments.clear();
        senders.clear();
        totalBytes = 0;
        outputBytes = 0;
        meta = JobMeta.read(dir);
        List<Path> files = segmentFiles(dir);
        for (int i = 0; i < files.size(); i++) {
            Path path = files.get(i);
            boolean newest = i == files.size() - 1;
            long id = Long.parseLong(path.getFileName().toString().replace(SEGMENT_SUFFIX, ""));
            long fileSize;
            try {
                fileSize = Files.size(path);
            } catch (NoSuchFileException e) {
                continue;
            }
            long before = outputBytes;
            long created = 0;
            long valid;
            boolean sawHeader = false;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 64 << 10)) {
                EntryCodec.Reader reader = new EntryCodec.Reader(in, 0, fileSize);
                Entry e;
                while ((e = reader.next()) != null) {
                    if (e.type() == Entry.HEADER) {
                        if (!sawHeader) {
                            sawHeader = true;
                            created = e.timeMillis();
                            before = readHeader(e.payload(), i == 0);
                            if (i == 0) {
                                outputBytes = before;
                            }
                        }
                        continue;
                    }
                    observe(e);
                }
                valid = reader.offset();
            }
            if (valid == 0) {
                // Nothing whole in it (a crash right after it was made): it holds nothing to keep.
                Files.deleteIfExists(path);
                continue;
            }
            if (newest && valid < fileSize) {
                // A crash cut its last entry short: appends go after the last whole one.
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    ch.truncate(valid);
                }
            }
            segments.add(new Segment(id, path, valid, Math.min(before, outputBytes), created));
            totalBytes += valid;
        }
        loaded = true;
    }

    private void observe(Entry e) {
        SenderState st = senders.get(e.sender());
        long seq = Math.max(e.seq(), st == null ? -1 : st.lastSeq());
        boolean ended = (st != null && st.ended()) || e.type() == Entry.END;
        senders.put(e.sender(), new SenderState(seq, ended));
        if (e.output()) {
            outputBytes += e.payload().length;
        }
    }

    /** The header's output bytes before its segment; the first segment's also gives the senders. */
    private long readHeader(byte[] payload, boolean first) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        try {
            long before = b.getLong();
            int n = b.getInt();
            for (int i = 0; i < n; i++) {
                byte[] node = new byte[b.get() & 0xff];
                b.get(node);
                Sender s = new Sender(new String(node, StandardCharsets.US_ASCII), b.getInt(), b.getInt());
                long seq = b.getLong();
                boolean ended = b.get() != 0;
                if (first) {
                    SenderState st = senders.get(s);
                    senders.put(
                            s,
                            new SenderState(
                                    Math.max(seq, st == null ? -1 : st.lastSeq()),
                                    ended || (st != null && st.ended())));
                }
            }
            return before;
        } catch (RuntimeException e) {
            return outputBytes;
        }
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{16}\\" + SEGMENT_SUFFIX))
                    .sorted()
                    .toList();
        }
    }
}
