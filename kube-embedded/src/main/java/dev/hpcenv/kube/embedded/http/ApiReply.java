package dev.hpcenv.kube.embedded.http;

import dev.hpcenv.kube.embedded.response.ApiResponse;

/** What the router answers: a complete response, or a watch to stream. */
public sealed interface ApiReply permits ApiReply.Complete, ApiReply.Stream {

    record Complete(ApiResponse response) implements ApiReply {}

    record Stream(WatchPlan plan) implements ApiReply {}
}
