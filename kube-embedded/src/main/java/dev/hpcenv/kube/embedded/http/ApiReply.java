package dev.hpcenv.kube.embedded.http;

import dev.hpcenv.kube.embedded.aggregation.Backend;
import dev.hpcenv.kube.embedded.auth.Identity;
import dev.hpcenv.kube.embedded.response.ApiResponse;

/** What the router answers: a complete response, a watch to stream, or a request to proxy to an aggregated API. */
public sealed interface ApiReply permits ApiReply.Complete, ApiReply.Stream, ApiReply.Proxy {

    record Complete(ApiResponse response) implements ApiReply {}

    record Stream(WatchPlan plan) implements ApiReply {}

    /** Forward the request as it came, for {@code identity}, to {@code backend}. */
    record Proxy(Backend backend, Identity identity) implements ApiReply {}
}
