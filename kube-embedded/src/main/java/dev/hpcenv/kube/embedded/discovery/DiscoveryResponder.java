package dev.hpcenv.kube.embedded.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Legacy (unaggregated) discovery: {@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>}
 * and {@code /apis/<group>/<version>}, plus {@code /version} and the health endpoints; without them
 * kubectl says "the server doesn't have a resource type".
 *
 * <p>Groups of aggregated APIs (APIServices with a service) are listed in {@code /apis} and answered
 * at {@code /apis/<group>}, even while their backend is down; their {@code /apis/<group>/<version>}
 * is proxied to the backend like any of their paths.
 *
 * <p>kubectl asks for aggregated discovery first; answering with plain {@code application/json}
 * makes it fall back to these documents. {@code /openapi/v3} is served by {@link OpenApiV3Responder};
 * {@code /openapi/v2} answers 404, which kubectl tolerates once v3 is there.
 */
public final class DiscoveryResponder {

    /** The Kubernetes version this API claims; kubectl v1.32 clients are within the supported skew. */
    public static final String GIT_VERSION = "v1.32.0-hpcenv-embedded";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResourceCatalog catalog;
    private final Supplier<Map<String, List<String>>> aggregatedGroups;
    private final OpenApiV3Responder openApi;

    /** @param aggregatedGroups the groups and versions of aggregated APIs, listed beside the served ones */
    public DiscoveryResponder(ResourceCatalog catalog, Supplier<Map<String, List<String>>> aggregatedGroups) {
        this.catalog = catalog;
        this.aggregatedGroups = aggregatedGroups;
        this.openApi = new OpenApiV3Responder(catalog);
    }

    public DiscoveryResponder(ResourceCatalog catalog) {
        this(catalog, Map::of);
    }

    /** The answer for a discovery path, or empty if {@code path} (without query) is not one. */
    public Optional<ApiResponse> respond(String path) {
        String bare = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (bare.equals("/version")) {
            return ok(version());
        }
        if (bare.equals("/healthz") || bare.equals("/livez") || bare.equals("/readyz")) {
            return Optional.of(new ApiResponse(200, "\"ok\""));
        }
        if (bare.startsWith("/openapi/v3")) {
            return openApi.respond(bare);
        }
        if (bare.startsWith("/openapi")) {
            // OpenAPI v2 is not served: kubectl only needs it when v3 is missing.
            return Optional.of(StatusResponses.unknownPath());
        }
        if (bare.equals("/api")) {
            return ok(apiVersions());
        }
        if (bare.equals("/apis")) {
            return ok(groupList());
        }
        String[] parts = bare.substring(1).split("/");
        if (parts.length == 2 && parts[0].equals("api")) {
            return resourceList("", parts[1]);
        }
        if (parts.length == 2 && parts[0].equals("apis")) {
            return group(parts[1]);
        }
        if (parts.length == 3 && parts[0].equals("apis")) {
            return resourceList(parts[1], parts[2]);
        }
        return Optional.empty();
    }

    private static Optional<ApiResponse> ok(ObjectNode body) {
        return Optional.of(new ApiResponse(200, body.toString()));
    }

    private static ObjectNode version() {
        ObjectNode version = JSON.createObjectNode();
        version.put("major", "1");
        version.put("minor", "32");
        version.put("gitVersion", GIT_VERSION);
        version.put("gitCommit", "");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "2026-01-01T00:00:00Z");
        version.put("goVersion", "n/a (Java)");
        version.put("compiler", "n/a");
        version.put("platform", "linux/amd64");
        return version;
    }

    private static ObjectNode apiVersions() {
        ObjectNode versions = JSON.createObjectNode();
        versions.put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        versions.putArray("serverAddressByClientCIDRs");
        return versions;
    }

    private ObjectNode groupList() {
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        groupVersions().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                groups.add(groupNode(group, versions));
            }
        });
        return list;
    }

    private Optional<ApiResponse> group(String group) {
        List<String> versions = groupVersions().get(group);
        if (versions == null) {
            return Optional.of(StatusResponses.unknownPath());
        }
        ObjectNode node = groupNode(group, versions);
        node.put("kind", "APIGroup");
        node.put("apiVersion", "v1");
        return ok(node);
    }

    private Map<String, List<String>> groupVersions() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (ResourceType type : catalog.all()) {
            List<String> versions = groups.computeIfAbsent(type.group(), g -> new java.util.ArrayList<>());
            if (!versions.contains(type.version())) {
                versions.add(type.version());
            }
        }
        aggregatedGroups.get().forEach((group, versions) -> {
            List<String> known = groups.computeIfAbsent(group, g -> new java.util.ArrayList<>());
            versions.stream().filter(v -> !known.contains(v)).forEach(known::add);
        });
        return groups;
    }

    private static ObjectNode groupNode(String group, List<String> versions) {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", group);
        ArrayNode versionNodes = node.putArray("versions");
        for (String version : versions) {
            versionNodes.addObject().put("groupVersion", group + "/" + version).put("version", version);
        }
        node.putObject("preferredVersion")
                .put("groupVersion", group + "/" + versions.get(0))
                .put("version", versions.get(0));
        return node;
    }

    private Optional<ApiResponse> resourceList(String group, String version) {
        List<ResourceType> types = catalog.all().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version))
                .toList();
        if (types.isEmpty()) {
            return Optional.of(StatusResponses.unknownPath());
        }
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", types.get(0).groupVersion());
        ArrayNode resources = list.putArray("resources");
        for (ResourceType type : types) {
            ObjectNode resource = resources.addObject();
            resource.put("name", type.plural());
            resource.put("singularName", type.singular());
            resource.put("namespaced", type.namespaced());
            resource.put("kind", type.kind());
            ResourceType.VERBS.forEach(resource.putArray("verbs")::add);
            if (!type.shortNames().isEmpty()) {
                type.shortNames().forEach(resource.putArray("shortNames")::add);
            }
            if (!type.categories().isEmpty()) {
                type.categories().forEach(resource.putArray("categories")::add);
            }
            if (type.statusResource()) {
                ObjectNode status = resources.addObject();
                status.put("name", type.plural() + "/status");
                status.put("singularName", "");
                status.put("namespaced", type.namespaced());
                status.put("kind", type.kind());
                List.of("get", "patch", "update").forEach(status.putArray("verbs")::add);
            }
        }
        return ok(list);
    }
}
