package dev.hpcenv.kube.embedded.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.kube.embedded.watch.WatchQuery;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A watch to stream.
 *
 * @param initialObjects      sent first as ADDED (a watch without resourceVersion starts with the current state)
 * @param fromResourceVersion changes after this version follow
 * @param initialEventsEnd    whether to send the "initial events end" BOOKMARK after the initial objects
 *                            (the watch-list protocol, {@code sendInitialEvents=true})
 * @param timeout             when to end the stream; null for never
 * @param presenter           turns each object into what the client asked for (the object, or a Table)
 */
public record WatchPlan(
        WatchQuery query,
        List<JsonNode> initialObjects,
        long fromResourceVersion,
        boolean initialEventsEnd,
        Duration timeout,
        UnaryOperator<JsonNode> presenter) {

    public WatchPlan {
        initialObjects = List.copyOf(initialObjects);
    }
}
