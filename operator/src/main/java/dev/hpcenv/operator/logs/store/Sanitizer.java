package dev.hpcenv.operator.logs.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Makes a stream of bytes safe to show on a terminal (docs/job-output.md, section 4): invalid UTF-8
 * becomes U+FFFD (one per maximal invalid sequence, as Unicode recommends), and control characters
 * but tab and newline (C0, DEL and the C1 range U+0080 to U+009F) become the text {@code \xNN}, so
 * no escape sequence ever reaches the reader's terminal. One instance per stream: a character cut
 * between two writes is put together again.
 */
public final class Sanitizer {
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final byte[] pending = new byte[4];
    private int pendingLength;
    private int needed;
    private int codePoint;
    private int lower = 0x80;
    private int upper = 0xBF;

    /** The safe form of {@code bytes} as a whole. */
    public static byte[] sanitize(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 16);
        Sanitizer s = new Sanitizer();
        try {
            s.write(bytes, 0, bytes.length, out);
            s.finish(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A user-supplied string made safe for a one-line message, at most {@code maxChars} long. */
    public static String display(String text, int maxChars) {
        String safe = new String(sanitize(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)
                .replace("\n", "\\x0A")
                .replace("\t", "\\x09");
        return safe.length() <= maxChars ? safe : safe.substring(0, maxChars) + "...";
    }

    public void write(byte[] b, int off, int len, OutputStream out) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xff;
            if (needed == 0) {
                i++;
                if (c < 0x80) {
                    ascii(c, out);
                } else if (c >= 0xC2 && c <= 0xDF) {
                    start(c, 1, c & 0x1F);
                } else if (c >= 0xE0 && c <= 0xEF) {
                    start(c, 2, c & 0x0F);
                    lower = c == 0xE0 ? 0xA0 : 0x80;
                    upper = c == 0xED ? 0x9F : 0xBF;
                } else if (c >= 0xF0 && c <= 0xF4) {
                    start(c, 3, c & 0x07);
                    lower = c == 0xF0 ? 0x90 : 0x80;
                    upper = c == 0xF4 ? 0x8F : 0xBF;
                } else {
                    out.write(REPLACEMENT);
                }
            } else if (c < lower || c > upper) {
                // The sequence so far is invalid; this byte starts over (it is not consumed).
                reset();
                out.write(REPLACEMENT);
            } else {
                i++;
                lower = 0x80;
                upper = 0xBF;
                codePoint = (codePoint << 6) | (c & 0x3F);
                pending[pendingLength++] = (byte) c;
                if (--needed == 0) {
                    if (codePoint >= 0x80 && codePoint <= 0x9F) {
                        hex(codePoint, out);
                    } else {
                        out.write(pending, 0, pendingLength);
                    }
                    reset();
                }
            }
        }
    }

    /** The end of the stream: a character cut short there is invalid. */
    public void finish(OutputStream out) throws IOException {
        if (needed > 0) {
            reset();
            out.write(REPLACEMENT);
        }
    }

    private void start(int c, int more, int bits) {
        needed = more;
        codePoint = bits;
        pending[0] = (byte) c;
        pendingLength = 1;
    }

    private void reset() {
        needed = 0;
        codePoint = 0;
        pendingLength = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    private static void ascii(int c, OutputStream out) throws IOException {
        if (c == '\t' || c == '\n' || (c >= 0x20 && c != 0x7F)) {
            out.write(c);
        } else {
            hex(c, out);
        }
    }

    private static void hex(int c, OutputStream out) throws IOException {
        out.write('\\');
        out.write('x');
        out.write(HEX[c >> 4]);
        out.write(HEX[c & 0xF]);
    }
}
