package dev.hpcenv.shim.logship;

import dev.hpcenv.shim.log.ShimLog;
import java.io.IOException;

/**
 * The sender thread: takes a batch every 200 ms (at once when 512 KiB wait), posts it with the
 * next sequence number and retries it, under the same number, with backoff until the endpoint
 * takes it. 400/413 drop the batch (its output becomes a gap); 401 stops shipping for good. Never
 * touches the task: a slow endpoint only fills the buffer, which then drops.
 */
final class Shipper implements Runnable {
    static final long INTERVAL_NANOS = 200_000_000L;

    /** One POST of a batch. */
    interface Poster {
        Answer post(long seq, RecordBuffer.Batch batch) throws IOException, InterruptedException;
    }

    /** The HTTP status and the first line of the body (the server's reason for a 400). */
    record Answer(int status, String reason) {}

    private final RecordBuffer buffer;
    private final Poster poster;
    private final Redaction redaction;
    private final Backoff backoff = new Backoff();
    private long seq;

    Shipper(RecordBuffer buffer, Poster poster, Redaction redaction) {
        this.buffer = buffer;
        this.poster = poster;
        this.redaction = redaction;
    }

    @Override
    public void run() {
        try {
            long next = System.nanoTime() + INTERVAL_NANOS;
            while (!buffer.finished()) {
                RecordBuffer.Batch batch = buffer.take(next);
                if (batch == null) {
                    next = System.nanoTime() + INTERVAL_NANOS;
                    continue;
                }
                if (!deliver(batch)) {
                    return;
                }
                if (System.nanoTime() - next >= 0) {
                    next = System.nanoTime() + INTERVAL_NANOS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug here must not reach the task: shipping stops, the job goes on.
            buffer.disable();
            ShimLog.warn(
                    "log.stopped",
                    "log shipping stopped: " + redaction.apply(String.valueOf(e)),
                    "error",
                    redaction.apply(String.valueOf(e)));
        }
    }

    /** False when shipping has stopped for good. */
    boolean deliver(RecordBuffer.Batch batch) throws InterruptedException {
        boolean warned = false;
        while (true) {
            Answer answer;
            try {
                answer = poster.post(seq, batch);
            } catch (IOException e) {
                answer = new Answer(-1, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            int status = answer.status();
            if (status >= 200 && status < 300) {
                buffer.delivered(batch);
                seq++;
                backoff.reset();
                return true;
            }
            if (status == 401) {
                buffer.disable();
                ShimLog.warn(
                        "log.unauthorized",
                        "the log endpoint does not accept this job's token (HTTP 401); the task's output is no longer"
                                + " shipped (it is still in the job's output file)",
                        "status",
                        status);
                return false;
            }
            if (status == 400 || status == 413) {
                buffer.refused(batch);
                seq++;
                ShimLog.warn(
                        "log.refused",
                        "the log endpoint refused " + batch.length + " bytes of records (HTTP " + status + ": "
                                + redaction.apply(answer.reason()) + "); they are dropped",
                        "status",
                        status,
                        "bytes",
                        batch.length,
                        "reason",
                        redaction.apply(answer.reason()));
                return true;
            }
            if (!warned) {
                ShimLog.debug(
                        "log.retry", "status", status, "reason", redaction.apply(String.valueOf(answer.reason())));
                warned = true;
            }
            buffer.pause(backoff.next());
            if (buffer.disabled()) {
                return false;
            }
        }
    }
}
