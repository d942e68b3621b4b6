package dev.hpcenv.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands Events to another recorder on a thread of its own, so that a reconcile does not wait for the
 * API round trip of a courtesy write (in a burst of submissions that round trip is a quarter of the
 * writes per HpcJob). Bounded: when the queue is full an Event is dropped with a warning rather than
 * slowing reconciles down. {@link #close()} delivers what is queued, for a bounded time.
 */
public final class AsyncEventRecorder implements EventRecorder, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncEventRecorder.class);

    private final EventRecorder delegate;
    private final ThreadPoolExecutor executor;

    public AsyncEventRecorder(EventRecorder delegate, int capacity) {
        this.delegate = delegate;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(capacity), r -> {
            Thread t = new Thread(r, "hpcenv-events");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void record(HasMetadata about, Type type, String reason, String message) {
        try {
            executor.execute(() -> delegate.record(about, type, reason, message));
        } catch (RejectedExecutionException e) {
            LOG.warn(
                    "event dropped (queue full or shutting down): kind={} name={} reason={}",
                    about.getKind(),
                    about.getMetadata().getName(),
                    reason);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn(
                        "{} queued events not recorded at shutdown",
                        executor.getQueue().size());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
