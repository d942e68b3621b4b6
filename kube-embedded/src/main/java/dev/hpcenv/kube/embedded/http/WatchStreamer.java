package dev.hpcenv.kube.embedded.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.kube.embedded.watch.ResourceVersionExpiredException;
import dev.hpcenv.kube.embedded.watch.WatchHub;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs one {@link WatchPlan} over a transport: initial objects first, then live changes, until the
 * client leaves or the plan's timeout ends the stream.
 */
final class WatchStreamer {

    /** Where events go: an HTTP chunked response (kubectl) or a WebSocket (fabric8 clients). */
    interface Transport {
        void send(String eventJson);

        void end();

        void onClosed(Runnable action);
    }

    private final Vertx vertx;
    private final WatchHub hub;

    WatchStreamer(Vertx vertx, WatchHub hub) {
        this.vertx = vertx;
        this.hub = hub;
    }

    void stream(WatchPlan plan, Transport transport) {
        Consumer<String> send = guarded(transport);
        for (JsonNode object : plan.initialObjects()) {
            send.accept(WatchEvents.event("ADDED", plan.presenter().apply(object)));
        }
        if (plan.initialEventsEnd()) {
            send.accept(WatchEvents.initialEventsEnd(plan.query().type(), plan.fromResourceVersion()));
        }
        WatchHub.Subscription subscription;
        try {
            subscription = hub.subscribe(
                    plan.query(),
                    plan.fromResourceVersion(),
                    event -> send.accept(WatchEvents.event(
                            event.type().name(), plan.presenter().apply(event.object()))));
        } catch (ResourceVersionExpiredException e) {
            send.accept(WatchEvents.expired(e.getMessage()));
            transport.end();
            return;
        }
        AtomicBoolean ended = new AtomicBoolean();
        Runnable finish = () -> {
            if (ended.compareAndSet(false, true)) {
                subscription.close();
                transport.end();
            }
        };
        transport.onClosed(() -> {
            ended.set(true);
            subscription.close();
        });
        if (plan.timeout() != null) {
            vertx.setTimer(Math.max(1, plan.timeout().toMillis()), id -> finish.run());
        }
    }

    // A client that went away makes writes fail; that is the normal end of a watch, not an error.
    private static Consumer<String> guarded(Transport transport) {
        return json -> {
            try {
                transport.send(json);
            } catch (IllegalStateException closed) {
                // the close handler unsubscribes
            }
        };
    }
}
