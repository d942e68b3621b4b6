package dev.hpcenv.operator.logs.api;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a log response: sends the 200 and its headers at the first byte (so that a reader that
 * fails before writing still gets its 404 or 500 Status), chunked, and passes every flush through.
 * A failed write means the client went away: the reading thread is interrupted, so a follow that
 * waits for the next line ends instead of holding its thread until the job ends.
 */
final class ResponseStream extends OutputStream {

    private final HttpExchange exchange;
    private final Thread reader;
    private OutputStream body;
    private boolean broken;

    ResponseStream(HttpExchange exchange, Thread reader) {
        this.exchange = exchange;
        this.reader = reader;
    }

    boolean started() {
        return body != null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        guarded(() -> start().write(bytes, offset, length));
    }

    @Override
    public void flush() throws IOException {
        guarded(() -> start().flush());
    }

    /** Starts the response when nothing was written (an empty log) and ends it. */
    @Override
    public void close() throws IOException {
        if (!broken) {
            guarded(() -> start().close());
        }
    }

    private OutputStream start() throws IOException {
        if (body == null) {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            body = exchange.getResponseBody();
        }
        return body;
    }

    private interface Io {
        void run() throws IOException;
    }

    private void guarded(Io io) throws IOException {
        if (broken) {
            throw new IOException("the client closed the connection");
        }
        try {
            io.run();
        } catch (IOException e) {
            broken = true;
            reader.interrupt();
            throw e;
        }
    }
}
