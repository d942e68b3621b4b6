package dev.hpcenv.shim.logship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestClientTest {
    private static final String TOKEN = "hl1.am9iLXVpZA.c2VjcmV0LXNpZ25hdHVyZQ";
    private static final SenderId SENDER = new SenderId("node 1", 3, 2);

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<InetSocketAddress> connections = ConcurrentHashMap.newKeySet();
    private volatile int status = 204;
    private volatile String reason = "";

    @BeforeEach
    void startEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            connections.add(x.getRemoteAddress());
            requests.add(x.getRequestMethod() + " " + x.getRequestURI() + " "
                    + x.getRequestHeaders().getFirst("Authorization") + " "
                    + x.getRequestHeaders().getFirst("Content-Type") + " "
                    + WireRecords.parse(body, body.length).texts());
            if (status == 401) {
                x.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            }
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, text.length == 0 ? -1 : text.length);
            x.getResponseBody().write(text);
        }
    }

    private IngestClient client(String url) {
        return new IngestClient(
                LogSettings.from(Map.of(LogSettings.URL, url, LogSettings.TOKEN, TOKEN))
                        .orElseThrow(),
                SENDER);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/base/";
    }

    private static RecordBuffer.Batch batch(String text) throws InterruptedException {
        RecordBuffer b = new RecordBuffer(1 << 20);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        b.output(Records.STDOUT, 1, bytes, 0, bytes.length);
        return b.take(System.nanoTime());
    }

    @Test
    void aBatchIsPostedWithTheTokenItsTypeAndTheSendersQuery() throws Exception {
        assertThat(client(url()).post(7, batch("hello\n"))).isEqualTo(new Shipper.Answer(204, ""));
        assertThat(requests)
                .containsExactly("POST /base/ingest/v1/records?node=node+1&task=3&attempt=2&seq=7 Bearer " + TOKEN
                        + " application/x-hpcenv-records [1:hello\n]");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "204|''|''",
                "400|record 2 is truncated\\nat byte 19|record 2 is truncated",
                "401|''|''",
                "413|too large|too large",
                "503|  busy  |busy",
            })
    void theAnswerIsTheStatusAndTheFirstLineOfTheBody(int code, String body, String expected) throws Exception {
        status = code;
        reason = body.replace("\\n", "\n");
        assertThat(client(url()).post(0, batch("x\n"))).isEqualTo(new Shipper.Answer(code, expected));
    }

    @Test
    void batchesOneAfterTheOtherShareOneConnection() throws Exception {
        IngestClient client = client(url());
        status = 400;
        reason = "bad";
        client.post(0, batch("a\n"));
        status = 204;
        for (int seq = 1; seq < 4; seq++) {
            assertThat(client.post(seq, batch("b\n")).status()).isEqualTo(204);
        }
        assertThat(requests).hasSize(4);
        assertThat(connections).hasSize(1);
    }

    /**
     * The JVM's exit waits about 300 ms for threads in native code: a delivered batch must leave
     * none behind (java.net.http's selector thread did, at the end of every shipped task).
     */
    @Test
    void aDeliveredBatchLeavesNoThreadThatHoldsUpTheJvmsExit() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        client(url()).post(0, batch("x\n"));
        Map<String, Thread.State> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .collect(Collectors.toMap(Thread::getName, Thread::getState, (a, b) -> a));
        assertThat(left).doesNotContainValue(Thread.State.RUNNABLE);
    }

    @Test
    void noEndpointIsAnIoErrorWithoutTheToken() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        IngestClient client = client("http://127.0.0.1:" + port);
        assertThatThrownBy(() -> client.post(0, batch("x\n")))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(String.valueOf(e)).doesNotContain(TOKEN));
    }
}
