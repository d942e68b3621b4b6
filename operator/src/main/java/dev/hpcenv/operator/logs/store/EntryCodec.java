package dev.hpcenv.operator.logs.store;

import dev.hpcenv.operator.logs.Sender;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The segment file format: entries one after the other, each {@code u32 length} (of what follows),
 * {@code u8 type}, {@code u64 timeMillis}, {@code u64 seq}, {@code u32 task}, {@code u32 attempt},
 * {@code u8 nodeLength}, node (ASCII), payload, {@code u32 CRC-32} of type through payload. A
 * reader stops at the first entry that is cut short or fails its check (a crash while writing):
 * what comes before it is whole.
 */
final class EntryCodec {
    /** Length field, the fixed header fields and the CRC: everything but node and payload. */
    static final int FIXED = 4 + 1 + 8 + 8 + 4 + 4 + 1 + 4;
    /** No writer makes an entry this long; a length over it is damage, not data. */
    static final int MAX_ENTRY = 16 << 20;

    private EntryCodec() {}

    static void encode(Entry e, ByteBuffer out) {
        byte[] node = e.sender().node().getBytes(StandardCharsets.US_ASCII);
        int start = out.position();
        out.putInt(e.encodedSize() - 4);
        out.put((byte) e.type());
        out.putLong(e.timeMillis());
        out.putLong(e.seq());
        out.putInt(e.sender().task());
        out.putInt(e.sender().attempt());
        out.put((byte) node.length);
        out.put(node);
        out.put(e.payload());
        CRC32 crc = new CRC32();
        crc.update(out.array(), out.arrayOffset() + start + 4, out.position() - start - 4);
        out.putInt((int) crc.getValue());
    }

    /** Reads entries from a segment file's stream, at most {@code limit} bytes. */
    static final class Reader {
        private final InputStream in;
        private final long limit;
        private long offset;
        private boolean damaged;

        Reader(InputStream in, long startOffset, long limit) {
            this.in = in;
            this.offset = startOffset;
            this.limit = limit;
        }

        /** The offset just past the last whole entry read. */
        long offset() {
            return offset;
        }

        /** The last {@link #next()} stopped at a cut-short or damaged entry rather than at the end. */
        boolean damaged() {
            return damaged;
        }

        /** The next whole entry, or null at the end or at damage. */
        Entry next() throws IOException {
            if (offset + 4 > limit) {
                damaged = offset < limit;
                return null;
            }
            byte[] lengthBytes = in.readNBytes(4);
            if (lengthBytes.length < 4) {
                damaged = true;
                return null;
            }
            int length = ByteBuffer.wrap(lengthBytes).getInt();
            if (length < FIXED - 4 || length > MAX_ENTRY || offset + 4 + length > limit) {
                damaged = true;
                return null;
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                damaged = true;
                return null;
            }
            CRC32 crc = new CRC32();
            crc.update(body, 0, length - 4);
            ByteBuffer b = ByteBuffer.wrap(body);
            if ((int) crc.getValue() != b.getInt(length - 4)) {
                damaged = true;
                return null;
            }
            int type = b.get() & 0xff;
            long time = b.getLong();
            long seq = b.getLong();
            int task = b.getInt();
            int attempt = b.getInt();
            int nodeLength = b.get() & 0xff;
            int payloadLength = length - (FIXED - 4) - nodeLength;
            if (payloadLength < 0) {
                damaged = true;
                return null;
            }
            String node = new String(body, b.position(), nodeLength, StandardCharsets.US_ASCII);
            b.position(b.position() + nodeLength);
            byte[] payload = new byte[payloadLength];
            b.get(payload);
            offset += 4 + length;
            return new Entry(type, time, new Sender(node, task, attempt), seq, payload);
        }
    }

    static long readLong(byte[] payload) throws EOFException {
        if (payload.length < 8) {
            throw new EOFException("8 bytes expected");
        }
        return ByteBuffer.wrap(payload).getLong();
    }
}
