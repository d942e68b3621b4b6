package dev.hpcenv.operator.logs.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds an ingest body as a shim sends it (docs/job-output.md, section 2). */
final class Batch {
    static final long TIME = 1_796_593_233_123L;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Batch record(int type, long time, byte[] payload) {
        ByteBuffer header = ByteBuffer.allocate(13);
        header.put((byte) type).putLong(time).putInt(payload.length);
        bytes.writeBytes(header.array());
        bytes.writeBytes(payload);
        return this;
    }

    Batch out(String text) {
        return record(1, TIME, text.getBytes(StandardCharsets.UTF_8));
    }

    Batch err(String text) {
        return record(2, TIME, text.getBytes(StandardCharsets.UTF_8));
    }

    Batch progress(String json) {
        return record(3, TIME, json.getBytes(StandardCharsets.UTF_8));
    }

    Batch end(int exitCode) {
        return record(4, TIME, ("{\"exitCode\":" + exitCode + "}").getBytes(StandardCharsets.UTF_8));
    }

    Batch gap(long dropped) {
        return record(5, TIME, ByteBuffer.allocate(8).putLong(dropped).array());
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
