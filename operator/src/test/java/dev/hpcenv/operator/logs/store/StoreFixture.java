package dev.hpcenv.operator.logs.store;

import dev.hpcenv.operator.logs.JobDirectory;
import dev.hpcenv.operator.logs.LogQuery;
import dev.hpcenv.operator.logs.Sender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Shared pieces of the store tests: a job directory the test sets, a clock it moves, records. */
final class StoreFixture {
    static final long T0 = Instant.parse("2026-12-06T21:40:33.123Z").toEpochMilli();

    private StoreFixture() {}

    static final class Directory implements JobDirectory {
        final Map<String, LoggedJob> jobs = new ConcurrentHashMap<>();

        @Override
        public Optional<LoggedJob> find(String namespace, String name) {
            return Optional.ofNullable(jobs.get(namespace + "/" + name));
        }

        void put(String namespace, String name, String uid, boolean ended) {
            jobs.put(namespace + "/" + name, new LoggedJob(uid, ended));
        }
    }

    static Sender sender(String node, int task) {
        return new Sender(node, task, 1);
    }

    static LogRecord out(long time, String text) {
        return new LogRecord.Output(false, time, text.getBytes(StandardCharsets.UTF_8));
    }

    static LogRecord err(long time, String text) {
        return new LogRecord.Output(true, time, text.getBytes(StandardCharsets.UTF_8));
    }

    static LogRecord err(String text) {
        return err(T0, text);
    }

    static LogRecord out(String text) {
        return out(T0, text);
    }

    static List<LogRecord> lines(String... texts) {
        return java.util.Arrays.stream(texts).map(StoreFixture::out).toList();
    }

    static String read(LogStore store, String namespace, String name, LogQuery query) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.read(namespace, name, query, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static LogQuery query(Map<String, String> params) {
        Map<String, List<String>> multi = new java.util.HashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        return LogQueries.parse(multi);
    }
}
