package dev.hpcenv.kube.embedded.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.discovery.ResourceType;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import dev.hpcenv.kube.embedded.select.FieldSelector;
import dev.hpcenv.kube.embedded.select.LabelSelector;
import dev.hpcenv.kube.embedded.store.KindKey;
import dev.hpcenv.kube.embedded.store.Listing;
import dev.hpcenv.kube.embedded.store.ObjectStore;
import dev.hpcenv.kube.embedded.table.IncludeObject;
import dev.hpcenv.kube.embedded.table.TableRenderer;
import dev.hpcenv.kube.embedded.watch.WatchQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Reads: single objects, lists (our selectors, sorted by namespace and name as a real server
 * returns them), Tables for kubectl, and the plan of a watch.
 */
public final class ObjectReads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;
    private final TableRenderer tables;

    public ObjectReads(ObjectStore store, TableRenderer tables) {
        this.store = store;
        this.tables = tables;
    }

    ApiResponse get(ResourcePath path, ResourceType type, ApiRequest request) {
        if (path.name() != null) {
            ApiResponse stored = store.get(path.withName(path.name()).storePath());
            if (stored.code() == 404) {
                return StatusResponses.notFound(type.qualifiedName(), path.name());
            }
            if (stored.isSuccess() && TableRenderer.wantsTable(request.accept())) {
                return new ApiResponse(
                        200,
                        tables.render(type, JsonBodies.parse(stored.body()), include(request))
                                .toString());
            }
            return stored;
        }
        ObjectNode list = list(query(path, type, request));
        if (TableRenderer.wantsTable(request.accept())) {
            return new ApiResponse(
                    200, tables.render(type, list, include(request)).toString());
        }
        return new ApiResponse(200, list.toString());
    }

    /** The objects a query selects, sorted by namespace and name as a real server returns them. */
    ObjectNode list(WatchQuery query) {
        ResourceType type = query.type();
        Listing stored = store.list(new KindKey(type.group(), type.version(), type.plural()), query.namespace());
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", type.groupVersion());
        list.put("kind", type.kind() + "List");
        list.putObject("metadata").put("resourceVersion", String.valueOf(stored.resourceVersion()));
        ArrayNode array = list.putArray("items");
        for (JsonNode item : stored.items()) {
            if (query.matches(item)) {
                array.add(item);
            }
        }
        return list;
    }

    static WatchQuery query(ResourcePath path, ResourceType type, ApiRequest request) {
        String fieldSelector = request.param("fieldSelector");
        if (path.name() != null) {
            String byName = "metadata.name=" + path.name();
            fieldSelector = fieldSelector == null || fieldSelector.isBlank() ? byName : fieldSelector + "," + byName;
        }
        return new WatchQuery(
                type,
                path.namespace(),
                FieldSelector.parse(fieldSelector),
                LabelSelector.parse(request.param("labelSelector")));
    }

    private static IncludeObject include(ApiRequest request) {
        return IncludeObject.fromQuery(request.param("includeObject"));
    }

    ApiReply watch(ResourcePath path, ResourceType type, ApiRequest request) {
        WatchQuery query = query(path, type, request);
        String from = request.param("resourceVersion");
        boolean initialEventsEnd = request.flag("sendInitialEvents");
        List<JsonNode> initial = new ArrayList<>();
        long fromVersion;
        if (from == null || from.isEmpty() || from.equals("0") || initialEventsEnd) {
            ObjectNode current = list(query);
            current.path("items").forEach(initial::add);
            fromVersion = Long.parseLong(
                    current.path("metadata").path("resourceVersion").asText("0"));
        } else {
            try {
                fromVersion = Long.parseLong(from);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("resourceVersion '" + from + "' is not a number");
            }
        }
        String timeout = request.param("timeoutSeconds");
        Duration duration = timeout == null || timeout.isBlank() ? null : Duration.ofSeconds(Long.parseLong(timeout));
        IncludeObject include = include(request);
        UnaryOperator<JsonNode> presenter = TableRenderer.wantsTable(request.accept())
                ? object -> tables.render(type, object, include)
                : UnaryOperator.identity();
        return new ApiReply.Stream(new WatchPlan(query, initial, fromVersion, initialEventsEnd, duration, presenter));
    }
}
