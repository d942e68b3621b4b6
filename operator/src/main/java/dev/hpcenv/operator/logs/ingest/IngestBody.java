package dev.hpcenv.operator.logs.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.operator.logs.ProgressEvent;
import dev.hpcenv.operator.logs.store.LogRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A batch body (docs/job-output.md, section 2): records of {@code type} (1 byte), {@code timeMillis}
 * (8), {@code length} (4) and a payload. {@link #parse} refuses anything else with a one-line reason
 * naming the record and its offset.
 *
 * @param records  what the store keeps (output, gaps, the end, a failed pull's reason)
 * @param progress progress events, in order
 * @param exitCode the end record's exit code, if the batch has one
 */
record IngestBody(List<LogRecord> records, List<ProgressEvent> progress, OptionalInt exitCode) {
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int PROGRESS = 3;
    static final int END = 4;
    static final int GAP = 5;
    static final int HEADER = 13;
    static final int MAX_JSON = 64 << 10;
    static final int MAX_FIELDS = 64;
    static final int MAX_TEXT = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(8)
                        .maxStringLength(MAX_TEXT)
                        .maxNumberLength(20)
                        .build());
    }

    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static IngestBody parse(byte[] body, int length) throws Malformed {
        ByteBuffer b = ByteBuffer.wrap(body, 0, length);
        List<LogRecord> records = new ArrayList<>();
        List<ProgressEvent> progress = new ArrayList<>();
        OptionalInt exitCode = OptionalInt.empty();
        int index = 0;
        while (b.hasRemaining()) {
            int offset = b.position();
            String where = "record " + index + " at byte " + offset;
            if (b.remaining() < HEADER) {
                throw new Malformed(where + ": " + b.remaining() + " bytes left, a record header is " + HEADER);
            }
            int type = b.get() & 0xff;
            long time = b.getLong();
            int size = b.getInt();
            if (size < 0 || size > b.remaining()) {
                throw new Malformed(where + ": length " + Integer.toUnsignedString(size)
                        + " is past the end of the body (" + b.remaining() + " bytes left)");
            }
            if (time < 0) {
                throw new Malformed(where + ": timeMillis " + time + " is before 1970");
            }
            byte[] payload = new byte[size];
            b.get(payload);
            switch (type) {
                case STDOUT, STDERR -> records.add(new LogRecord.Output(type == STDERR, time, payload));
                case PROGRESS -> {
                    ProgressEvent event = progress(where, payload, time);
                    progress.add(event);
                    if (event.event().equals("pull.failed")) {
                        String message = event.message().isEmpty()
                                ? event.fields().getOrDefault("message", "")
                                : event.message();
                        records.add(new LogRecord.Note(time, "pull failed: " + message));
                    }
                }
                case END -> {
                    if (exitCode.isPresent()) {
                        throw new Malformed(where + ": a second end record");
                    }
                    int code = exitCode(where, payload);
                    exitCode = OptionalInt.of(code);
                    records.add(new LogRecord.End(time, code));
                }
                case GAP -> {
                    if (size != 8) {
                        throw new Malformed(where + ": a gap record's payload is 8 bytes, not " + size);
                    }
                    long dropped = ByteBuffer.wrap(payload).getLong();
                    if (dropped < 0) {
                        throw new Malformed(where + ": a gap of " + dropped + " bytes");
                    }
                    records.add(new LogRecord.Gap(time, dropped));
                }
                default ->
                    throw new Malformed(
                            where + ": type " + type + " is not 1 stdout, 2 stderr, 3 progress, 4 end or 5 gap");
            }
            index++;
        }
        return new IngestBody(List.copyOf(records), List.copyOf(progress), exitCode);
    }

    private static JsonNode json(String where, byte[] payload) throws Malformed {
        if (payload.length > MAX_JSON) {
            throw new Malformed(where + ": JSON of " + payload.length + " bytes, at most " + MAX_JSON);
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new Malformed(where + ": the payload is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Malformed(where + ": the payload is not JSON ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new Malformed(where + ": the payload is not JSON");
        }
    }

    private static ProgressEvent progress(String where, byte[] payload, long time) throws Malformed {
        JsonNode node = json(where, payload);
        JsonNode event = node.get("event");
        if (event == null
                || !event.isTextual()
                || event.asText().isEmpty()
                || event.asText().length() > 64) {
            throw new Malformed(where + ": a progress record needs \"event\", a string of 1 to 64 characters");
        }
        JsonNode message = node.get("message");
        if (message != null && !message.isTextual() && !message.isNull()) {
            throw new Malformed(where + ": \"message\" is not a string");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode f = node.get("fields");
        if (f != null && !f.isNull()) {
            if (!f.isObject() || f.size() > MAX_FIELDS) {
                throw new Malformed(where + ": \"fields\" is not an object of at most " + MAX_FIELDS + " strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new Malformed(where + ": field \"" + printable(e.getKey()) + "\" is not a string");
                }
                fields.put(e.getKey(), e.getValue().asText());
            }
        }
        return new ProgressEvent(
                event.asText(),
                message == null || message.isNull() ? "" : message.asText(),
                fields,
                Instant.ofEpochMilli(time));
    }

    private static int exitCode(String where, byte[] payload) throws Malformed {
        JsonNode node = json(where, payload);
        JsonNode code = node.get("exitCode");
        if (code == null || !code.isInt()) {
            throw new Malformed(where + ": an end record needs \"exitCode\", a whole number");
        }
        return code.asInt();
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
