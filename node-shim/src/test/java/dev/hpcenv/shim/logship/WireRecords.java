package dev.hpcenv.shim.logship;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test side of the wire format: a body parsed back into records. */
record WireRecords(List<Rec> records) {
    record Rec(int type, long timeMillis, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        long gapBytes() {
            return ByteBuffer.wrap(payload).getLong();
        }

        @Override
        public String toString() {
            return type + ":" + (type == Records.GAP ? Long.toString(gapBytes()) : text());
        }
    }

    static WireRecords parse(byte[] body, int length) {
        ByteBuffer b = ByteBuffer.wrap(body, 0, length);
        List<Rec> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int type = b.get();
            long time = b.getLong();
            byte[] payload = new byte[b.getInt()];
            b.get(payload);
            out.add(new Rec(type, time, payload));
        }
        return new WireRecords(out);
    }

    static WireRecords parse(RecordBuffer.Batch batch) {
        return parse(batch.data, batch.length);
    }

    List<String> texts() {
        return records.stream().map(Rec::toString).toList();
    }
}
