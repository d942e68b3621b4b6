package dev.hpcenv.operator.embedded.store;

import dev.hpcenv.operator.embedded.response.ApiResponse;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The object store: fabric8's CRUD dispatcher addressed with API paths (no query strings), answering
 * with status code and JSON body. It keeps uid, creationTimestamp, resourceVersion, generation (bumped
 * on changes outside metadata and status), the status subresource split, and finalizer-aware deletion.
 */
public final class ObjectStore {

    private final ObservableCrudDispatcher dispatcher;

    public ObjectStore(Consumer<StoredChange> changes) {
        this.dispatcher = new ObservableCrudDispatcher(changes);
    }

    public ApiResponse get(String path) {
        return send(HttpMethod.GET, path, null);
    }

    public ApiResponse create(String collectionPath, String json) {
        return send(HttpMethod.POST, collectionPath, json);
    }

    /** Replaces an object; on a {@code .../status} path only its status. */
    public ApiResponse update(String path, String json) {
        return send(HttpMethod.PUT, path, json);
    }

    /** Deletes an object, or every object of a collection path; objects with finalizers are only marked. */
    public ApiResponse delete(String path) {
        return send(HttpMethod.DELETE, path, null);
    }

    private ApiResponse send(HttpMethod method, String path, String json) {
        Headers headers = json == null ? Headers.builder().build()
                : Headers.builder().add("Content-Type", ApiResponse.JSON).build();
        Buffer body = json == null ? new Buffer() : new Buffer(json.getBytes(StandardCharsets.UTF_8));
        MockResponse response = dispatcher.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers, body));
        Buffer responseBody = response.getBody();
        String text = responseBody == null ? "" : new String(responseBody.getBytes(), StandardCharsets.UTF_8);
        return new ApiResponse(response.code(), text);
    }
}
