package dev.hpcenv.operator.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.operator.logs.JobDirectory;
import dev.hpcenv.operator.logs.LogEvents;
import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.ProgressEvent;
import dev.hpcenv.operator.logs.Sender;
import dev.hpcenv.operator.logs.store.LogStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ingest server over real HTTP, with the JDK client and raw sockets for what a client must not do. */
class IngestServerTest {
    static final String UID = "uid-a";
    static final String OTHER_UID = "uid-b";
    static final String QUERY = "node=nid001&task=3&attempt=1&seq=";

    @TempDir
    Path dir;

    final Map<String, JobDirectory.LoggedJob> jobs = new ConcurrentHashMap<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    IngestTokens tokens;
    LogStore store;
    IngestServer server;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        jobs.put("ns/a", new JobDirectory.LoggedJob(UID, false));
        jobs.put("ns/b", new JobDirectory.LoggedJob(OTHER_UID, false));
        tokens = IngestTokens.loadOrCreate(dir);
        store = new LogStore(
                dir,
                1 << 20,
                Duration.ofDays(7),
                (ns, n) -> Optional.ofNullable(jobs.get(ns + "/" + n)),
                Clock.systemUTC());
        LogEvents recorder = new LogEvents() {
            @Override
            public void progress(String jobUid, Sender sender, ProgressEvent event) {
                events.add(jobUid + " " + sender + " " + event.event() + " " + event.fields());
            }

            @Override
            public void ended(String jobUid, Sender sender, int exitCode) {
                events.add(jobUid + " " + sender + " ended " + exitCode);
            }
        };
        server = IngestServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(),
                tokens,
                store,
                recorder,
                Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> post(String token, String query, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/ingest/v1/records?" + query))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-hpcenv-records")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    String log(String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.read(
                "ns",
                name,
                new LogQuery(
                        false,
                        java.util.OptionalInt.empty(),
                        Optional.empty(),
                        java.util.OptionalInt.empty(),
                        Optional.empty(),
                        false,
                        true,
                        false),
                out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void takesABatchAndPassesOnItsEvents() throws Exception {
        byte[] body = new Batch()
                .progress("{\"event\":\"pull.bytes\",\"message\":\"pulling\",\"fields\":{\"bytesDone\":\"12\"}}")
                .out("hello\n")
                .err("oops\n")
                .gap(42)
                .end(3)
                .bytes();

        HttpResponse<String> answer = post(tokens.mint(UID), QUERY + 0, body);

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(log("a")).isEqualTo("[nid001/3] hello\n[nid001/3] oops\n[nid001/3] [hpcenv: 42 bytes dropped]\n");
        assertThat(events)
                .containsExactly(
                        "uid-a Sender[node=nid001, task=3, attempt=1] pull.bytes {bytesDone=12}",
                        "uid-a Sender[node=nid001, task=3, attempt=1] ended 3");
    }

    @Test
    void aServiceSupervisorsEventsPassOnAndNeverJoinTheTasksOutput() throws Exception {
        byte[] body = new Batch()
                .progress("{\"event\":\"service.exited\",\"message\":\"sampler exited\","
                        + "\"fields\":{\"service\":\"sampler\",\"node\":\"nid001\",\"exitCode\":\"1\","
                        + "\"required\":\"false\",\"early\":\"true\"}}")
                .end(0)
                .bytes();
        byte[] taskOutput = new Batch().out("task line\n").end(0).bytes();

        HttpResponse<String> answer = post(tokens.mint(UID), "node=nid001&task=service&attempt=1&seq=0", body);
        post(tokens.mint(UID), QUERY + 0, taskOutput);

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(log("a")).isEqualTo("[nid001/3] task line\n");
        assertThat(events).hasSize(3);
        assertThat(events.get(0))
                .startsWith("uid-a Sender[node=nid001, task=-1, attempt=1] service.exited {")
                .contains("service=sampler", "early=true", "exitCode=1");
        assertThat(events.get(1)).isEqualTo("uid-a Sender[node=nid001, task=-1, attempt=1] ended 0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputOfAService")
    void refusesOutputFromAServiceSupervisor(String name, byte[] body) throws Exception {
        HttpResponse<String> answer = post(tokens.mint(UID), "node=nid001&task=service&attempt=1&seq=0", body);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("task=service: a service supervisor sends progress and end records only");
        assertThat(events).isEmpty();
        assertThat(log("a")).isEmpty();
    }

    static Stream<Arguments> outputOfAService() {
        return Stream.of(
                Arguments.of("stdout", new Batch().out("x\n").bytes()),
                Arguments.of("stderr", new Batch().err("x\n").bytes()),
                Arguments.of("a gap", new Batch().gap(3).bytes()));
    }

    @Test
    void aRetriedBatchIsTakenOnce() throws Exception {
        byte[] body = new Batch().out("once\n").end(0).bytes();
        assertThat(post(tokens.mint(UID), QUERY + 7, body).statusCode()).isEqualTo(204);
        assertThat(post(tokens.mint(UID), QUERY + 7, body).statusCode()).isEqualTo(204);
        assertThat(log("a")).isEqualTo("[nid001/3] once\n");
        assertThat(events).hasSize(1);
    }

    @Test
    void aFailedPullShowsItsReasonInTheLog() throws Exception {
        byte[] body = new Batch()
                .progress("{\"event\":\"pull.failed\",\"message\":\"image x: manifest unknown\",\"fields\":{}}")
                .bytes();
        assertThat(post(tokens.mint(UID), QUERY + 0, body).statusCode()).isEqualTo(204);
        assertThat(log("a")).isEqualTo("[nid001/3] [hpcenv: pull failed: image x: manifest unknown]\n");
    }

    @Test
    void aTokenWritesItsOwnJobOnly() throws Exception {
        assertThat(post(
                                tokens.mint(OTHER_UID),
                                QUERY + 0,
                                new Batch().out("b's\n").bytes())
                        .statusCode())
                .isEqualTo(204);
        assertThat(log("b")).isEqualTo("[nid001/3] b's\n");
        assertThat(log("a")).isEmpty();
    }

    static Stream<Arguments> unauthorised() {
        IngestTokens otherKey = new IngestTokens(new byte[32]);
        return Stream.of(
                Arguments.of("no token", null),
                Arguments.of("another key's token", otherKey.mint(UID)),
                Arguments.of("garbage", "hl1.x.y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthorised")
    void refusesABadToken(String name, String token) throws Exception {
        HttpResponse<String> answer =
                post(token, QUERY + 0, new Batch().out("x\n").bytes());
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(log("a")).isEmpty();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("node=-x&task=0&attempt=1&seq=0", new Batch().bytes(), "node: not a Slurm node name"),
                Arguments.of("task=0&attempt=1&seq=0", new Batch().bytes(), "node: missing"),
                Arguments.of("node=n&task=-1&attempt=1&seq=0", new Batch().bytes(), "task: not a whole number"),
                Arguments.of(
                        "node=n&task=0&attempt=0&seq=0", new Batch().bytes(), "attempt: not a whole number from 1"),
                Arguments.of("node=n&task=0&attempt=1&seq=x", new Batch().bytes(), "seq: not a whole number"),
                Arguments.of("node=n&task=0&attempt=1&seq=0&seq=1", new Batch().bytes(), "seq: given twice"),
                Arguments.of(
                        QUERY + 0, new byte[] {1, 0, 0}, "record 0 at byte 0: 3 bytes left, a record header is 13"),
                Arguments.of(
                        QUERY + 0,
                        new Batch().record(1, 0, new byte[5]).bytes().clone().length == 18
                                ? java.util.Arrays.copyOf(
                                        new Batch().record(1, 0, new byte[5]).bytes(), 16)
                                : null,
                        "record 0 at byte 0: length 5 is past the end of the body (3 bytes left)"),
                Arguments.of(
                        QUERY + 0,
                        new Batch().out("x").record(9, 0, new byte[0]).bytes(),
                        "record 1 at byte 14: type 9 is not 1 stdout, 2 stderr, 3 progress, 4 end or 5 gap"),
                Arguments.of(
                        QUERY + 0,
                        new Batch().record(5, 0, new byte[7]).bytes(),
                        "record 0 at byte 0: a gap record's payload is 8 bytes, not 7"),
                Arguments.of(
                        QUERY + 0, new Batch().record(1, -5, new byte[0]).bytes(), "record 0 at byte 0: timeMillis -5"),
                Arguments.of(
                        QUERY + 0,
                        new Batch().progress("{not json").bytes(),
                        "record 0 at byte 0: the payload is not JSON"),
                Arguments.of(
                        QUERY + 0,
                        new Batch().progress("[1]").bytes(),
                        "record 0 at byte 0: the payload is not a JSON object"),
                Arguments.of(
                        QUERY + 0,
                        new Batch().progress("{\"message\":\"m\"}").bytes(),
                        "record 0 at byte 0: a progress record needs \"event\""),
                Arguments.of(
                        QUERY + 0,
                        new Batch()
                                .progress("{\"event\":\"e\",\"fields\":{\"a\":1}}")
                                .bytes(),
                        "record 0 at byte 0: field \"a\" is not a string"),
                Arguments.of(
                        QUERY + 0,
                        new Batch()
                                .record(4, 0, "{}".getBytes(StandardCharsets.UTF_8))
                                .bytes(),
                        "record 0 at byte 0: an end record needs \"exitCode\""),
                Arguments.of(QUERY + 0, new Batch().end(0).end(1).bytes(), "record 1 at byte 27: a second end record"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("malformed")
    void refusesAMalformedBatchSayingWhy(String query, byte[] body, String why) throws Exception {
        HttpResponse<String> answer = post(tokens.mint(UID), query, body);
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).startsWith(why).endsWith("\n");
        assertThat(answer.body().strip()).doesNotContain("\n");
        assertThat(log("a")).isEmpty();
    }

    @Test
    void refusesAQueryThatIsNotUrlEncoded() throws Exception {
        String answer = raw(
                "POST /ingest/v1/records?node=%zz&task=0&attempt=1&seq=0 HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + tokens.mint(UID)
                        + "\r\nContent-Type: application/x-hpcenv-records\r\n"
                        + "Content-Length: 0\r\n\r\n",
                new byte[0]);
        assertThat(answer).startsWith("HTTP/1.1 400");
    }

    @Test
    void refusesAnotherContentType() throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(uri("/ingest/v1/records?" + QUERY + 0))
                        .header("Authorization", "Bearer " + tokens.mint(UID))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("Content-Type must be application/x-hpcenv-records\n");
    }

    @Test
    void answersOtherPathsAndMethods() throws Exception {
        assertThat(http.send(
                                HttpRequest.newBuilder(uri("/ingest/v1/records"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(405);
        assertThat(http.send(
                                HttpRequest.newBuilder(uri("/ingest/v1/recordsX"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(uri("/")).GET().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void refusesABodyOver4MiBByItsLengthWithoutReadingIt() throws Exception {
        String answer = raw(
                "POST /ingest/v1/records?" + QUERY + "0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + tokens.mint(UID)
                        + "\r\nContent-Type: application/x-hpcenv-records\r\nContent-Length: 4194305\r\n\r\n",
                new byte[0]);
        assertThat(answer).startsWith("HTTP/1.1 413");
    }

    @Test
    void refusesAChunkedBodyOver4MiB() throws Exception {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        byte[] chunk = new Batch().out("z".repeat(65_000)).bytes();
        for (int i = 0; i < 70; i++) {
            chunks.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.writeBytes(chunk);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = raw(
                "POST /ingest/v1/records?" + QUERY + "0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + tokens.mint(UID)
                        + "\r\nContent-Type: application/x-hpcenv-records\r\nTransfer-Encoding: chunked\r\n\r\n",
                chunks.toByteArray());
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(log("a")).isEmpty();
    }

    @Test
    void slowClientsDoNotHoldUpOthers() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                Socket s = new Socket("127.0.0.1", server.address().getPort());
                s.getOutputStream()
                        .write(("POST /ingest/v1/records?" + QUERY + i + " HTTP/1.1\r\nHost: x\r\n"
                                        + "Authorization: Bearer " + tokens.mint(UID) + "\r\n"
                                        + "Content-Type: application/x-hpcenv-records\r\nContent-Length: 1000\r\n\r\nabc")
                                .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            HttpResponse<String> answer = post(
                    tokens.mint(OTHER_UID),
                    QUERY + 0,
                    new Batch().out("through\n").bytes());
            assertThat(answer.statusCode()).isEqualTo(204);
            assertThat(log("b")).isEqualTo("[nid001/3] through\n");
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void closesTheConnectionOfABodyThatDoesNotArrive() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream()
                    .write(("POST /ingest/v1/records?" + QUERY + "0 HTTP/1.1\r\nHost: x\r\n"
                                    + "Authorization: Bearer " + tokens.mint(UID) + "\r\n"
                                    + "Content-Type: application/x-hpcenv-records\r\nContent-Length: 1000\r\n\r\nabc")
                            .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            long start = System.nanoTime();
            int read;
            try {
                read = s.getInputStream().read();
            } catch (java.net.SocketException e) {
                read = -1; // reset: closed all the same
            }
            assertThat(read).as("closed, nothing answered").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
        assertThat(log("a")).isEmpty();
    }

    @Test
    void survivesRandomBodiesAndRandomBytes() throws Exception {
        Random random = new Random(15);
        String token = tokens.mint(UID);
        for (int i = 0; i < 150; i++) {
            byte[] body = new byte[random.nextInt(i % 10 == 0 ? 5000 : 64)];
            random.nextBytes(body);
            if (i % 3 == 0 && body.length > 13) {
                body[0] = (byte) (1 + random.nextInt(5)); // a known type, random rest
            }
            int status = post(token, QUERY + (1000 + i), body).statusCode();
            assertThat(status).as("body %d", i).isIn(204, 400);
        }
        for (int i = 0; i < 30; i++) {
            byte[] junk = new byte[random.nextInt(2000)];
            random.nextBytes(junk);
            try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
                s.setSoTimeout(2000);
                s.getOutputStream().write(junk);
                s.shutdownOutput();
                s.getInputStream().readAllBytes();
            } catch (java.io.IOException e) {
                // the server may close on us: all that matters is that it still answers below
            }
        }
        assertThat(post(token, QUERY + 5000, new Batch().out("still here\n").bytes())
                        .statusCode())
                .isEqualTo(204);
        assertThat(log("a")).endsWith("[nid001/3] still here\n");
    }

    @Test
    void refusesConnectionsOnceClosed() throws Exception {
        server.close();
        assertThatThrownBy(() ->
                        post(tokens.mint(UID), QUERY + 0, new Batch().out("x\n").bytes()))
                .isInstanceOf(java.io.IOException.class);
    }

    private String raw(String head, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (java.io.IOException e) {
                    // the server stopped reading: expected for a refused body
                }
            });
            writer.start();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while (!answer.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n") && (n = in.read(buf)) > 0) {
                answer.write(buf, 0, n);
            }
            s.close();
            writer.join(10_000);
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }
}
