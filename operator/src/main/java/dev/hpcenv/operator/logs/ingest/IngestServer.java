package dev.hpcenv.operator.logs.ingest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hpcenv.operator.logs.LogEvents;
import dev.hpcenv.operator.logs.ProgressEvent;
import dev.hpcenv.operator.logs.Sender;
import dev.hpcenv.operator.logs.store.LogRecord;
import dev.hpcenv.operator.logs.store.LogSettings;
import dev.hpcenv.operator.logs.store.LogStore;
import dev.hpcenv.operator.logs.store.NodeNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest endpoint the shims post their records to (docs/job-output.md, section 2):
 * {@code POST /ingest/v1/records?node=&task=&attempt=&seq=} with a job's token ({@code task=service}:
 * a node's service supervisor, progress and end records only, never stored). Answers 204 (taken,
 * or taken before), 400 (malformed, one line why), 401 (not a valid token), 413 (over 4 MiB), 503
 * (full or stopping). Requests run on a bounded pool; a body must arrive within {@link #BODY_TIMEOUT}
 * or its connection is closed, so slow senders hold a thread for a bounded time only.
 */
public final class IngestServer implements AutoCloseable {
    public static final String PATH = "/ingest/v1/records";
    public static final String CONTENT_TYPE = "application/x-hpcenv-records";
    public static final int MAX_BODY = 4 << 20;
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(30);
    static final int THREADS = 64;
    /** Memory all bodies being read may take together. */
    static final long MAX_BODY_BYTES_IN_FLIGHT = 64L << 20;
    /** Requests waiting for a thread beyond this are answered 503 at once (the shim retries). */
    static final int MAX_WAITING = 256;

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    private final IngestTokens tokens;
    private final LogStore store;
    private final LogEvents events;
    private final boolean tls;
    private final Duration bodyTimeout;
    private final AtomicLong bodyBytes = new AtomicLong();
    private volatile boolean closing;

    private IngestServer(
            HttpServer server,
            boolean tls,
            IngestTokens tokens,
            LogStore store,
            LogEvents events,
            Duration bodyTimeout) {
        this.server = server;
        this.bodyTimeout = bodyTimeout;
        this.tls = tls;
        this.tokens = tokens;
        this.store = store;
        this.events = events;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "log-ingest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "log-ingest-watchdog");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext(PATH, this::handle);
    }

    /**
     * Starts serving on {@code address}: HTTPS with {@code tls}, else plain HTTP.
     */
    public static IngestServer start(
            InetSocketAddress address, Optional<SSLContext> tls, IngestTokens tokens, LogStore store, LogEvents events)
            throws IOException {
        return start(address, tls, tokens, store, events, BODY_TIMEOUT);
    }

    static IngestServer start(
            InetSocketAddress address,
            Optional<SSLContext> tls,
            IngestTokens tokens,
            LogStore store,
            LogEvents events,
            Duration bodyTimeout)
            throws IOException {
        HttpServer server;
        if (tls.isPresent()) {
            HttpsServer https = HttpsServer.create(address, 128);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
            server = https;
        } else {
            server = HttpServer.create(address, 128);
        }
        IngestServer ingest = new IngestServer(server, tls.isPresent(), tokens, store, events, bodyTimeout);
        server.start();
        return ingest;
    }

    /** Starts it as {@code settings} say: all addresses, the ingest port, TLS from the PEM files when set. */
    public static IngestServer start(LogSettings settings, IngestTokens tokens, LogStore store, LogEvents events)
            throws IOException {
        Optional<SSLContext> tls = settings.tls()
                ? Optional.of(PemTls.serverContext(
                        settings.tlsCert().get(), settings.tlsKey().get()))
                : Optional.empty();
        return start(new InetSocketAddress(settings.ingestPort()), tls, tokens, store, events);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public boolean tls() {
        return tls;
    }

    @Override
    public void close() {
        closing = true;
        server.stop(0);
        pool.shutdownNow();
        watchdog.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            answer(exchange);
        } catch (IOException e) {
            // The client went away or was too slow: nothing to answer.
            LOG.debug("ingest: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("ingest: a request failed: {}", e.toString());
            try {
                send(exchange, 503, "the server failed to take this batch; retry");
            } catch (IOException | RuntimeException ignored) {
                // the connection closes with the exchange
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        if (closing) {
            send(exchange, 503, "the log server is stopping");
            return;
        }
        if (pool.getQueue().size() > MAX_WAITING) {
            send(exchange, 503, "the log server is full; retry later");
            return;
        }
        if (!exchange.getRequestURI().getRawPath().equals(PATH)) {
            send(exchange, 404, "no such path; records go to " + PATH);
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            send(exchange, 405, "records are sent with POST");
            return;
        }
        Optional<String> uid = bearer(exchange).flatMap(tokens::verify);
        if (uid.isEmpty()) {
            send(exchange, 401, "the token is not valid for this log server");
            return;
        }
        Sender sender;
        long seq;
        try {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String node = node(query);
            int attempt = number(query, "attempt", 1, Integer.MAX_VALUE);
            sender = "service".equals(query.get("task"))
                    ? Sender.services(node, attempt)
                    : new Sender(node, number(query, "task", 0, Integer.MAX_VALUE), attempt);
            seq = number(query, "seq", 0, Long.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            send(exchange, 400, e.getMessage());
            return;
        }
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                .orElse("");
        if (!contentType.split(";", 2)[0].trim().equalsIgnoreCase(CONTENT_TYPE)) {
            send(exchange, 400, "Content-Type must be " + CONTENT_TYPE);
            return;
        }
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.trim().matches("\\d{1,18}") && Long.parseLong(declared.trim()) > MAX_BODY) {
            tooLarge(exchange);
            return;
        }
        Body body;
        try (Reservation reservation = new Reservation()) {
            try {
                body = readBody(exchange, reservation);
            } catch (Refused e) {
                if (e.status == 413) {
                    tooLarge(exchange);
                } else {
                    exchange.getResponseHeaders().set("Connection", "close");
                    send(exchange, e.status, e.getMessage());
                }
                return;
            }
            answer(exchange, uid.get(), sender, seq, body);
        }
    }

    private void answer(HttpExchange exchange, String uid, Sender sender, long seq, Body body) throws IOException {
        IngestBody batch;
        try {
            batch = IngestBody.parse(body.bytes(), body.length());
        } catch (IngestBody.Malformed e) {
            send(exchange, 400, e.getMessage());
            return;
        }
        if (sender.isServices()) {
            answerServices(exchange, uid, sender, batch);
            return;
        }
        LogStore.Appended appended;
        try {
            appended = store.append(uid, sender, seq, batch.records());
        } catch (IOException e) {
            LOG.warn("ingest: storing a batch of job {} failed: {}", uid, e.toString());
            send(exchange, 503, "the log server could not store this batch; retry");
            return;
        }
        if (appended == LogStore.Appended.TAKEN) {
            tell(uid, sender, batch);
        }
        exchange.sendResponseHeaders(204, -1);
    }

    /**
     * A node's service supervisor: its progress and end records only feed the job's status, and
     * nothing of it is stored, so it never appears among the tasks' output nor holds a follow open.
     * A retried batch folds again into the same states.
     */
    private void answerServices(HttpExchange exchange, String uid, Sender sender, IngestBody batch) throws IOException {
        boolean onlyProgressAndEnd =
                batch.records().stream().allMatch(r -> r instanceof LogRecord.End || r instanceof LogRecord.Note);
        if (!onlyProgressAndEnd) {
            send(exchange, 400, "task=service: a service supervisor sends progress and end records only");
            return;
        }
        tell(uid, sender, batch);
        exchange.sendResponseHeaders(204, -1);
    }

    private record Body(byte[] bytes, int length) {}

    /** The body was longer than 4 MiB, or the memory for bodies in flight is used up. */
    private static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Reads the body, growing its buffer as bytes arrive (never trusting Content-Length for the
     * size) within the memory all bodies in flight may take. A body that does not arrive in time
     * closes the connection.
     */
    private Body readBody(HttpExchange exchange, Reservation reservation) throws IOException, Refused {
        ScheduledFuture<?> timeout = watchdog.schedule(exchange::close, bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[reservation.grow(0, 64 << 10)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (buffer.length > MAX_BODY) {
                        throw new Refused(413, "a batch is at most " + MAX_BODY + " bytes");
                    }
                    buffer = Arrays.copyOf(
                            buffer, reservation.grow(buffer.length, Math.min(MAX_BODY + 1, buffer.length * 2)));
                }
                int n = in.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    return new Body(buffer, length);
                }
                length += n;
            }
        } finally {
            timeout.cancel(false);
        }
    }

    /** Bytes of bodies in flight, all requests together: a request past the budget is answered 503. */
    private final class Reservation implements AutoCloseable {
        private long held;

        int grow(int from, int to) throws Refused {
            long more = to - from;
            if (bodyBytes.addAndGet(more) > MAX_BODY_BYTES_IN_FLIGHT) {
                bodyBytes.addAndGet(-more);
                throw new Refused(503, "the log server is full; retry later");
            }
            held += more;
            return to;
        }

        @Override
        public void close() {
            bodyBytes.addAndGet(-held);
        }
    }

    private void tell(String uid, Sender sender, IngestBody batch) {
        try {
            for (ProgressEvent event : batch.progress()) {
                events.progress(uid, sender, event);
            }
            if (batch.exitCode().isPresent()) {
                events.ended(uid, sender, batch.exitCode().getAsInt());
            }
        } catch (RuntimeException e) {
            LOG.warn("ingest: passing on job {}'s events failed: {}", uid, e.toString());
        }
    }

    private static void tooLarge(HttpExchange exchange) throws IOException {
        // The rest of the body is not read: the connection cannot be used again.
        exchange.getResponseHeaders().set("Connection", "close");
        send(exchange, 413, "a batch is at most " + MAX_BODY + " bytes");
    }

    private static Optional<String> bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        if (raw.length() > 1024) {
            throw new IllegalArgumentException("the query is over 1024 characters");
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null
                    && Map.of("node", 1, "task", 1, "attempt", 1, "seq", 1).containsKey(name)) {
                throw new IllegalArgumentException(name + ": given twice");
            }
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query is not URL-encoded");
        }
    }

    private static String node(Map<String, String> query) {
        String node = query.get("node");
        if (node == null) {
            throw new IllegalArgumentException("node: missing (the sender's Slurm node name)");
        }
        if (!NodeNames.valid(node)) {
            throw new IllegalArgumentException("node: not " + NodeNames.describe());
        }
        return node;
    }

    private static int number(Map<String, String> query, String name, int min, int max) {
        return (int) number(query, name, min, (long) max);
    }

    private static long number(Map<String, String> query, String name, long min, long max) {
        String value = query.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + ": missing");
        }
        if (value.matches("\\d{1,19}")) {
            try {
                long n = Long.parseLong(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the message below
            }
        }
        throw new IllegalArgumentException(name + ": not a whole number from " + min + " to " + max);
    }

    private static void send(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
