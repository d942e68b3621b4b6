package dev.hpcenv.bench.operator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches a namespace's HpcJobs as a user's {@code kubectl get -w} would (one watch stream, one
 * JSON line per change) and notes, per HpcJob name, when a Slurm job id first appeared in its
 * status (System.nanoTime). Latency is measured from the create request to that moment: what a
 * user sees, including the status write and the watch.
 *
 * <p>The instrument shares the two CPUs with the system it measures, so it reads each line with
 * the streaming parser for the two fields it needs (name, status.slurmJobId) instead of an
 * informer that turns every event into typed objects twice (a quarter of the API JVM's CPU in a
 * burst, taken from the API and the operator). What it observes is unchanged: the watch event
 * that first carries the job id.
 */
final class SubmitWatch implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;
    private final Thread reader;
    private volatile InputStream stream;
    private volatile boolean closed;

    SubmitWatch(URI apiServer, String namespace) {
        String base = apiServer.toString().endsWith("/") ? apiServer.toString() : apiServer + "/";
        this.uri = URI.create(base + "apis/hpcenv.dev/v1alpha1/namespaces/" + namespace + "/hpcjobs?watch=true");
        this.reader = new Thread(this::readUntilClosed, "bench-submit-watch");
        reader.setDaemon(true);
        reader.start();
    }

    /** One stream for the whole run; a stream that ends (it should not) is opened again. */
    private void readUntilClosed() {
        while (!closed) {
            try {
                HttpResponse<InputStream> response =
                        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                stream = response.body();
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        long now = System.nanoTime();
                        note(line, now);
                    }
                }
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("bench-operator: watch stream failed (" + e.getMessage() + "), reopening");
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void note(String line, long now) throws IOException {
        String name = null;
        boolean hasJobId = false;
        try (JsonParser p = JSON.createParser(line)) {
            // {"type":..,"object":{"metadata":{"name":..},"status":{"slurmJobId":..}}}: depth 1 = event,
            // 2 = object, 3 = metadata/status.
            String section = null;
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                    if (depth == 3) {
                        section = p.currentName();
                    }
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && depth == 3) {
                    String field = p.currentName();
                    p.nextToken();
                    if ("metadata".equals(section) && "name".equals(field)) {
                        name = p.getText();
                    } else if ("status".equals(section)
                            && "slurmJobId".equals(field)
                            && p.currentToken() != JsonToken.VALUE_NULL) {
                        hasJobId = true;
                    }
                    if (p.currentToken().isStructStart()) {
                        p.skipChildren();
                    }
                }
            }
        }
        if (name != null && hasJobId && seenAt.putIfAbsent(name, now) == null) {
            CountDownLatch latch = waiting.remove(name);
            if (latch != null) {
                latch.countDown();
            }
        }
    }

    /** When {@code name} got its Slurm job id, or null while it has none. */
    Long seenAt(String name) {
        return seenAt.get(name);
    }

    int submittedCount() {
        return seenAt.size();
    }

    /** Waits until {@code name} has a Slurm job id; false on timeout. */
    boolean await(String name, Duration timeout) throws InterruptedException {
        CountDownLatch latch = waiting.computeIfAbsent(name, n -> new CountDownLatch(1));
        if (seenAt.containsKey(name)) {
            waiting.remove(name);
            return true;
        }
        return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        reader.interrupt();
    }
}
