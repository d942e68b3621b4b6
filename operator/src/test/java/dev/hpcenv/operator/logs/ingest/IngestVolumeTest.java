package dev.hpcenv.operator.logs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.operator.logs.LogEvents;
import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.store.LogStore;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 MB of output through the ingest server: the job's log stays within its bound on disk, and
 * neither writing nor reading it makes the heap grow with it.
 */
class IngestVolumeTest {
    private static final long MAX_BYTES = 10L << 20;
    private static final int BATCH = 1 << 20;
    private static final int BATCHES = 200;
    /** Room for JIT, class loading and the HTTP client's buffers: far below the 200 MB written. */
    private static final long HEAP_SLACK = 48L << 20;

    @TempDir
    Path dir;

    @Test
    void twoHundredMegabytesKeepDiskWithinTheBoundAndTheHeapFlat() throws Exception {
        LogStore store = new LogStore(
                dir,
                MAX_BYTES,
                Duration.ofDays(7),
                (ns, n) -> Optional.of(new dev.hpcenv.operator.logs.JobDirectory.LoggedJob("uid-v", true)),
                Clock.systemUTC());
        IngestTokens tokens = IngestTokens.loadOrCreate(dir);
        byte[] line = new byte[100];
        Arrays.fill(line, (byte) 'v');
        line[99] = '\n';
        Batch batch = new Batch();
        for (int i = 0; i < BATCH / 8192; i++) {
            byte[] record = new byte[8192 - 13];
            for (int j = 0; j < record.length; j++) {
                record[j] = line[j % line.length];
            }
            batch.record(1, Batch.TIME, record);
        }
        byte[] body = batch.bytes();
        HttpClient http = HttpClient.newHttpClient();
        try (IngestServer server = IngestServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(),
                tokens,
                store,
                LogEvents.NONE)) {
            URI uri = URI.create("http://127.0.0.1:" + server.address().getPort()
                    + "/ingest/v1/records?node=n1&task=0&attempt=1&seq=");
            post(http, uri, tokens, 0, body);
            long before = usedHeapAfterGc();

            for (int seq = 1; seq < BATCHES; seq++) {
                post(http, uri, tokens, seq, body);
                if (seq % 20 == 0) {
                    assertThat(segmentBytes()).isLessThanOrEqualTo(MAX_BYTES);
                }
            }
            FirstLine first = new FirstLine();
            store.read("ns", "v", LogQuery.ALL, first);
            long after = usedHeapAfterGc();

            long dropped = Long.parseLong(first.text().replaceAll("\\[hpcenv: (\\d+) bytes dropped]\n", "$1"));
            assertThat(dropped).isGreaterThan((long) BATCHES * body.length - 2 * MAX_BYTES);

            assertThat(segmentBytes()).isLessThanOrEqualTo(MAX_BYTES).isGreaterThan(MAX_BYTES / 2);
            assertThat(after - before)
                    .as(
                            "heap growth after %d MB written (before %d, after %d)",
                            BATCHES * body.length >> 20, before, after)
                    .isLessThan(HEAP_SLACK);
        }
    }

    /** Keeps the first line a read writes. */
    private static final class FirstLine extends OutputStream {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(int b) {
            if (line.indexOf("\n") < 0) {
                line.append((char) b);
            }
        }

        String text() {
            return line.toString();
        }
    }

    private static void post(HttpClient http, URI uri, IngestTokens tokens, int seq, byte[] body) throws Exception {
        HttpResponse<Void> answer = http.send(
                HttpRequest.newBuilder(URI.create(uri + Integer.toString(seq)))
                        .header("Authorization", "Bearer " + tokens.mint("uid-v"))
                        .header("Content-Type", IngestServer.CONTENT_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(answer.statusCode()).isEqualTo(204);
    }

    private long segmentBytes() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("uid-v"))) {
            return files.filter(p -> p.toString().endsWith(".seg"))
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
