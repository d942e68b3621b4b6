package dev.hpcenv.shim.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The operator's ingest endpoint as the tests need it (docs/job-output.md, section 2): takes
 * batches of one sender, once per sequence number, and can refuse (503) or hang until told to
 * recover.
 */
public final class IngestReceiver implements AutoCloseable {
    /** How it answers. */
    public enum Mode {
        TAKE,
        UNAVAILABLE,
        HANG
    }

    /** One record as it arrived. */
    public record Rec(int type, long timeMillis, byte[] payload) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String token;
    private final Map<Long, List<Rec>> batches = new ConcurrentSkipListMap<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    /** Every batch taken with its query, whatever its sender: several senders share the sequence numbers. */
    private final List<Map.Entry<String, List<Rec>>> taken = new CopyOnWriteArrayList<>();

    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Mode mode = Mode.TAKE;
    private volatile CountDownLatch hang = new CountDownLatch(1);

    private final String caPem;
    private String host = "127.0.0.1";

    private IngestReceiver(String token, HttpServer server, String caPem) {
        this.token = token;
        this.server = server;
        this.caPem = caPem;
        server.createContext("/ingest/v1/records", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static IngestReceiver start(String token) throws IOException {
        TestLayer.requireIntegration("an ingest receiver");
        return new IngestReceiver(token, HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), null);
    }

    /** Over TLS with a fresh self-signed certificate for 127.0.0.1 (keytool), made in {@code dir}. */
    public static IngestReceiver startHttps(String token, Path dir) throws Exception {
        TestLayer.requireIntegration("an ingest receiver");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = dir.resolve("ingest.p12");
        char[] pass = "changeit".toCharArray();
        Processes.runOk(
                List.of(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "ingest",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit"),
                null);
        String pem = Processes.runOk(
                        List.of(
                                keytool,
                                "-exportcert",
                                "-rfc",
                                "-alias",
                                "ingest",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                "changeit"),
                        null)
                .stdout();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, pass);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pass);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new IngestReceiver(token, server, pem);
    }

    /** The server certificate, PEM (https only). */
    /** Listening on {@code host} (e.g. the multi-node cluster's bridge address, which its nodes reach). */
    public static IngestReceiver start(String token, String host) throws IOException {
        TestLayer.requireIntegration("an ingest receiver");
        IngestReceiver r = new IngestReceiver(token, HttpServer.create(new InetSocketAddress(host, 0), 0), null);
        r.host = host;
        return r;
    }

    public String caPem() {
        return caPem;
    }

    public String url() {
        return (caPem != null ? "https" : "http") + "://" + host + ":"
                + server.getAddress().getPort();
    }

    public void mode(Mode m) {
        if (m == Mode.HANG) {
            hang = new CountDownLatch(1);
        }
        mode = m;
    }

    /** Takes batches again; a hanging request is answered. */
    public void recover() {
        mode = Mode.TAKE;
        hang.countDown();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = readAll(x.getRequestBody());
            String query = x.getRequestURI().getRawQuery();
            if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
                x.sendResponseHeaders(401, -1);
                return;
            }
            attempts.incrementAndGet();
            if (mode == Mode.HANG) {
                try {
                    hang.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (mode == Mode.UNAVAILABLE) {
                refused.add(query);
                x.sendResponseHeaders(503, -1);
                return;
            }
            queries.add(query);
            long seq = Long.parseLong(query.replaceAll(".*[?&]?seq=(\\d+).*", "$1"));
            batches.putIfAbsent(seq, parse(body));
            taken.add(Map.entry(query, parse(body)));
            x.sendResponseHeaders(204, -1);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static List<Rec> parse(byte[] body) {
        ByteBuffer b = ByteBuffer.wrap(body);
        List<Rec> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int type = b.get();
            long time = b.getLong();
            byte[] payload = new byte[b.getInt()];
            b.get(payload);
            out.add(new Rec(type, time, payload));
        }
        return out;
    }

    /** Every record taken, in sequence order. */
    public List<Rec> records() {
        List<Rec> all = new ArrayList<>();
        batches.values().forEach(all::addAll);
        return all;
    }

    public List<Long> sequenceNumbers() {
        return new ArrayList<>(batches.keySet());
    }

    /** The query strings of the batches taken (retries included). */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    /** Requests with the right token, answered or not (yet). */
    public int attempts() {
        return attempts.get();
    }

    public int refusedCount() {
        return refused.size();
    }

    /** The payloads of one output type, concatenated. */
    public byte[] output(int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records().stream().filter(r -> r.type() == type).forEach(r -> out.writeBytes(r.payload()));
        return out.toByteArray();
    }

    /** Bytes the sender said it dropped (gap records). */
    public long gapBytes() {
        return records().stream()
                .filter(r -> r.type() == 5)
                .mapToLong(r -> ByteBuffer.wrap(r.payload()).getLong())
                .sum();
    }

    public List<JsonNode> events() {
        return records().stream()
                .filter(r -> r.type() == 3)
                .map(r -> json(r.payload()))
                .toList();
    }

    /** The progress events of the batches whose query contains {@code queryPart} (e.g. {@code task=service}). */
    public List<JsonNode> eventsFrom(String queryPart) {
        return taken.stream()
                .filter(e -> e.getKey().contains(queryPart))
                .flatMap(e -> e.getValue().stream())
                .filter(r -> r.type() == 3)
                .map(r -> json(r.payload()))
                .toList();
    }

    /** Whether a batch whose query contains {@code queryPart} carried stdout or stderr (types 1, 2). */
    public boolean hasOutputFrom(String queryPart) {
        return taken.stream()
                .filter(e -> e.getKey().contains(queryPart))
                .flatMap(e -> e.getValue().stream())
                .anyMatch(r -> r.type() == 1 || r.type() == 2);
    }

    public List<String> eventNames() {
        return events().stream().map(e -> e.get("event").asText()).toList();
    }

    /** The end record's exit code; fails when there is none or it is not the last record. */
    public int exitCode() {
        List<Rec> all = records();
        if (all.isEmpty() || all.get(all.size() - 1).type() != 4) {
            throw new AssertionError("no end record last; got types "
                    + all.stream().map(Rec::type).toList());
        }
        return json(all.get(all.size() - 1).payload()).get("exitCode").asInt();
    }

    public void awaitEnd(Duration timeout) throws InterruptedException {
        Processes.await("the end record", timeout, () -> records().stream().anyMatch(r -> r.type() == 4));
    }

    private static JsonNode json(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(payload, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public void close() {
        hang.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
