package dev.hpcenv.kube.embedded.watch;

import dev.hpcenv.kube.embedded.store.StoredChange;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fans store changes out to open watches, and keeps a bounded history so that a watch started from
 * a list's resourceVersion receives every change made after that list (no change is lost between
 * the list and the watch, which kubectl wait and informers rely on).
 */
public final class WatchHub {

    private final int historyLimit;
    private final Deque<StoredChange> history = new ArrayDeque<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private long forgottenUpTo;

    public WatchHub(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    /** Called by the store for every committed change, in resourceVersion order. */
    public synchronized void publish(StoredChange change) {
        history.addLast(change);
        while (history.size() > historyLimit) {
            forgottenUpTo = history.removeFirst().resourceVersion();
        }
        for (Subscription subscription : subscriptions) {
            subscription.offer(change);
        }
    }

    /**
     * Starts delivering changes after {@code fromResourceVersion} that {@code query} selects.
     *
     * @throws ResourceVersionExpiredException if changes after that version are no longer kept
     */
    public synchronized Subscription subscribe(WatchQuery query, long fromResourceVersion, Consumer<WatchEvent> sink)
            throws ResourceVersionExpiredException {
        if (fromResourceVersion < forgottenUpTo) {
            throw new ResourceVersionExpiredException(fromResourceVersion, forgottenUpTo);
        }
        Subscription subscription = new Subscription(query, sink);
        for (StoredChange change : history) {
            if (change.resourceVersion() > fromResourceVersion) {
                subscription.offer(change);
            }
        }
        subscriptions.add(subscription);
        return subscription;
    }

    /** Number of open watches (for tests and diagnostics). */
    public int openWatches() {
        return subscriptions.size();
    }

    /** One open watch; {@link #close()} it when the client goes away. */
    public final class Subscription implements AutoCloseable {
        private final WatchQuery query;
        private final Consumer<WatchEvent> sink;

        private Subscription(WatchQuery query, Consumer<WatchEvent> sink) {
            this.query = query;
            this.sink = sink;
        }

        private void offer(StoredChange change) {
            query.eventFor(change).ifPresent(sink);
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
