package dev.hpcenv.kube.embedded.http;

import dev.hpcenv.kube.embedded.discovery.DiscoveryResponder;
import dev.hpcenv.kube.embedded.discovery.ResourceCatalog;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import dev.hpcenv.kube.embedded.lifecycle.CrdLifecycle;
import dev.hpcenv.kube.embedded.lifecycle.NamespaceLifecycle;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import dev.hpcenv.kube.embedded.store.ObjectStore;
import dev.hpcenv.kube.embedded.table.TableRenderer;
import java.util.Optional;

/**
 * Routes API requests: discovery to {@link DiscoveryResponder}, resource URLs of known kinds to
 * {@link ObjectReads} (including watches, answered as a {@link WatchPlan} the HTTP front streams)
 * and {@link ObjectWrites}; anything else gets the 404 a real server gives.
 */
public final class ApiRouter {

    private final ResourceCatalog catalog;
    private final DiscoveryResponder discovery;
    private final ObjectReads reads;
    private final ObjectWrites writes;

    public ApiRouter(
            ObjectStore store,
            ResourceCatalog catalog,
            TableRenderer tables,
            NamespaceLifecycle namespaces,
            CrdLifecycle crds) {
        this.catalog = catalog;
        this.discovery = new DiscoveryResponder(catalog);
        this.reads = new ObjectReads(store, tables);
        this.writes = new ObjectWrites(store, reads, namespaces, crds);
    }

    public ApiReply route(ApiRequest request) {
        if (request.method().equals("GET")) {
            Optional<ApiResponse> discovered = discovery.respond(request.path());
            if (discovered.isPresent()) {
                return complete(discovered.get());
            }
        }
        Optional<ApiResponse> review = AccessReviews.answer(request);
        if (review.isPresent()) {
            return complete(review.get());
        }
        Optional<ResourcePath> parsed = ResourcePath.parse(request.path());
        if (parsed.isEmpty()) {
            return complete(StatusResponses.unknownPath());
        }
        ResourcePath path = parsed.get();
        Optional<ResourceType> type = catalog.find(path.group(), path.version(), path.plural());
        if (type.isEmpty()
                || (path.namespace() != null && !type.get().namespaced())
                || (path.subresource() != null
                        && !(path.subresource().equals("status") && type.get().statusResource()))) {
            return complete(StatusResponses.unknownPath());
        }
        try {
            return switch (request.method()) {
                case "GET" ->
                    request.flag("watch")
                            ? reads.watch(path, type.get(), request)
                            : complete(reads.get(path, type.get(), request));
                case "POST" -> complete(writes.create(path, type.get(), request));
                case "PUT" -> complete(writes.update(path, type.get(), request));
                case "PATCH" -> complete(writes.patch(path, type.get(), request));
                case "DELETE" -> complete(writes.delete(path, type.get(), request));
                default ->
                    complete(StatusResponses.failure(
                            405,
                            "MethodNotAllowed",
                            "the server does not allow this method on the requested resource"));
            };
        } catch (IllegalArgumentException e) {
            return complete(StatusResponses.failure(400, "BadRequest", e.getMessage()));
        }
    }

    private static ApiReply complete(ApiResponse response) {
        return new ApiReply.Complete(response);
    }
}
