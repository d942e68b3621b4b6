package dev.hpcenv.operator.embedded.http;

import dev.hpcenv.operator.embedded.response.ApiResponse;

/** What the router answers: a complete response, or a watch to stream. */
public sealed interface ApiReply permits ApiReply.Complete, ApiReply.Stream {

    record Complete(ApiResponse response) implements ApiReply {
    }

    record Stream(WatchPlan plan) implements ApiReply {
    }
}
