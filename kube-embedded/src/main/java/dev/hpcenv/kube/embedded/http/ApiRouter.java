package dev.hpcenv.kube.embedded.http;

import dev.hpcenv.kube.embedded.aggregation.AggregatedRoute;
import dev.hpcenv.kube.embedded.aggregation.ApiServices;
import dev.hpcenv.kube.embedded.auth.Impersonation;
import dev.hpcenv.kube.embedded.auth.RbacAuthorizer;
import dev.hpcenv.kube.embedded.auth.Refusals;
import dev.hpcenv.kube.embedded.auth.RequestAttributes;
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
 * Routes API requests: first the authorizer (a denied request gets the API server's 403), then
 * paths an APIService with a service takes to its backend (a {@link ApiReply.Proxy} the HTTP front
 * forwards, or 503), discovery to {@link DiscoveryResponder}, access reviews, resource URLs of known
 * kinds to {@link ObjectReads} (including watches, answered as a {@link WatchPlan} the HTTP front
 * streams) and {@link ObjectWrites}; anything else gets the 404 a real server gives.
 */
public final class ApiRouter {

    private final ResourceCatalog catalog;
    private final DiscoveryResponder discovery;
    private final ObjectReads reads;
    private final ObjectWrites writes;
    private final RbacAuthorizer authorizer;
    private final AccessReviews reviews;
    private final ApiServices apiServices;

    public ApiRouter(
            ObjectStore store,
            ResourceCatalog catalog,
            TableRenderer tables,
            NamespaceLifecycle namespaces,
            CrdLifecycle crds,
            RbacAuthorizer authorizer,
            ApiServices apiServices) {
        this.catalog = catalog;
        this.discovery = new DiscoveryResponder(catalog, apiServices::groups);
        this.reads = new ObjectReads(store, tables);
        this.writes = new ObjectWrites(store, reads, namespaces, crds);
        this.authorizer = authorizer;
        this.reviews = new AccessReviews(authorizer);
        this.apiServices = apiServices;
    }

    public ApiReply route(ApiRequest received) {
        if (received.impersonation().isPresent()) {
            Impersonation as = received.impersonation().get();
            if (as.user().isEmpty()) {
                return complete(StatusResponses.failure(
                        500,
                        "InternalError",
                        "requested ["
                                + String.join(
                                        " ",
                                        as.groups().stream()
                                                .map(g -> "{Group  " + g + "}")
                                                .toList()) + "] without impersonating a user"));
            }
            for (RequestAttributes check : as.checks(received.identity())) {
                RbacAuthorizer.Decision allowed = authorizer.authorize(check);
                if (!allowed.allowed()) {
                    return complete(Refusals.forbidden(check, allowed.reason()));
                }
            }
        }
        ApiRequest request = received.impersonation()
                .map(as -> received.by(as.identity(), java.util.Optional.empty()))
                .orElse(received);
        RequestAttributes attributes =
                RequestAttributes.of(request.identity(), request.method(), request.path(), request.query());
        RbacAuthorizer.Decision decision = authorizer.authorize(attributes);
        if (!decision.allowed()) {
            return complete(Refusals.forbidden(attributes, decision.reason()));
        }
        Optional<AggregatedRoute> aggregated = apiServices.route(request.path());
        if (aggregated.isPresent()) {
            if (aggregated.get() instanceof AggregatedRoute.Proxy proxy) {
                return new ApiReply.Proxy(proxy.backend(), request.identity());
            }
            return complete(StatusResponses.failure(
                    503,
                    "ServiceUnavailable",
                    "service unavailable: " + ((AggregatedRoute.Unavailable) aggregated.get()).message()));
        }
        if (request.method().equals("GET")) {
            Optional<ApiResponse> discovered = discovery.respond(request.path());
            if (discovered.isPresent()) {
                return complete(discovered.get());
            }
        }
        Optional<ApiResponse> review = reviews.answer(request);
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
