package dev.hpcenv.operator.logs.api;

import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.LogReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A log store for the API's tests: fixed logs by namespace/name; with follow, writes and flushes each
 * line {@link #feed} gives it until {@link #end}, as the store does for a running job, and records
 * how a read ended.
 */
final class FakeLogReader implements LogReader {

    static final String END = "\u0000end";

    private final Map<String, String> logs;
    final BlockingQueue<String> feed = new LinkedBlockingQueue<>();
    final CountDownLatch interrupted = new CountDownLatch(1);
    volatile LogQuery lastQuery;

    FakeLogReader(Map<String, String> logs) {
        this.logs = Map.copyOf(logs);
    }

    void feed(String line) {
        feed.add(line);
    }

    void end() {
        feed.add(END);
    }

    @Override
    public void read(String namespace, String name, LogQuery query, OutputStream out)
            throws IOException, InterruptedException, NoSuchLogException {
        lastQuery = query;
        String log = logs.get(namespace + "/" + name);
        if (log == null) {
            throw new NoSuchLogException("HpcJob " + namespace + "/" + name + " has no log");
        }
        if (log.equals("boom")) {
            throw new IllegalStateException("/var/lib/hpcenv/logs/1234/segment-7 is corrupt");
        }
        out.write(log.getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (!query.follow()) {
            return;
        }
        try {
            while (true) {
                String line = feed.poll(30, TimeUnit.SECONDS);
                if (line == null || line.equals(END)) {
                    return;
                }
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                interrupted.countDown();
            }
            throw e;
        }
    }
}
