package dev.hpcenv.kube.embedded.aggregation;

/** What becomes of a request under an APIService with a Service: proxied, or 503 with a reason. */
public sealed interface AggregatedRoute permits AggregatedRoute.Proxy, AggregatedRoute.Unavailable {

    record Proxy(Backend backend) implements AggregatedRoute {}

    /** @param message why, naming the APIService and what it lacks */
    record Unavailable(String message) implements AggregatedRoute {}
}
