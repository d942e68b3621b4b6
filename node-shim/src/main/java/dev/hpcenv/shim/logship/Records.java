package dev.hpcenv.shim.logship;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The ingest wire format (docs/job-output.md, section 2): each record is {@code type} (1 byte),
 * {@code timeMillis} (8 bytes) and {@code length} (4 bytes), big-endian, then the payload.
 */
public final class Records {
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    public static final int PROGRESS = 3;
    public static final int END = 4;
    public static final int GAP = 5;
    public static final int HEADER = 13;
    /** The longest output record's payload: longer lines are cut. */
    public static final int MAX_PAYLOAD = 8 << 10;

    private Records() {}

    /** Writes one record at {@code at} of {@code out}, which has room; returns the position after it. */
    static int write(byte[] out, int at, int type, long timeMillis, byte[] payload, int offset, int length) {
        out[at] = (byte) type;
        for (int i = 0; i < 8; i++) {
            out[at + 1 + i] = (byte) (timeMillis >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            out[at + 9 + i] = (byte) (length >>> (24 - 8 * i));
        }
        System.arraycopy(payload, offset, out, at + HEADER, length);
        return at + HEADER + length;
    }

    static byte[] gapPayload(long droppedBytes) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (droppedBytes >>> (56 - 8 * i));
        }
        return b;
    }

    static byte[] endPayload(int exitCode) {
        return ("{\"exitCode\":" + exitCode + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"event":...,"message":...,"fields":{...}}}, every value a string. */
    static byte[] progressPayload(String event, String message, Map<String, String> fields) {
        StringBuilder sb = new StringBuilder(64 + message.length());
        sb.append("{\"event\":");
        quote(sb, event);
        sb.append(",\"message\":");
        quote(sb, message);
        sb.append(",\"fields\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            quote(sb, e.getValue());
        }
        return sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
