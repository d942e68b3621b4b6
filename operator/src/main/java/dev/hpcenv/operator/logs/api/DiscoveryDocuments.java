package dev.hpcenv.operator.logs.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The discovery and OpenAPI documents of logs.hpcenv.dev/v1alpha1: what the kube-aggregator's
 * availability check, its OpenAPI aggregation and kubectl's discovery read. The group has one
 * resource, the {@code log} subresource of {@code hpcjobs}, namespaced, with the verb {@code get}.
 */
final class DiscoveryDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DiscoveryDocuments() {}

    static String of(ApiRoute.Discovery.Document document) {
        return switch (document) {
            case GROUP_LIST -> groupList();
            case GROUP -> write(group().put("kind", "APIGroup").put("apiVersion", "v1"));
            case RESOURCE_LIST -> resourceList();
        };
    }

    static String of(ApiRoute.OpenApi.Document document) {
        return switch (document) {
            case V2 -> openApiV2();
            case V3_INDEX -> openApiV3Index();
            case V3_GROUP_VERSION -> openApiV3GroupVersion();
        };
    }

    private static String groupList() {
        ObjectNode list = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        list.putArray("groups").add(group());
        return write(list);
    }

    private static ObjectNode group() {
        ObjectNode group = JSON.createObjectNode().put("name", ApiRoutes.GROUP);
        ObjectNode version = JSON.createObjectNode()
                .put("groupVersion", ApiRoutes.GROUP_VERSION)
                .put("version", ApiRoutes.VERSION);
        group.putArray("versions").add(version);
        group.set("preferredVersion", version.deepCopy());
        return group;
    }

    private static String resourceList() {
        ObjectNode list = JSON.createObjectNode()
                .put("kind", "APIResourceList")
                .put("apiVersion", "v1")
                .put("groupVersion", ApiRoutes.GROUP_VERSION);
        ObjectNode log = list.putArray("resources")
                .addObject()
                .put("name", "hpcjobs/log")
                .put("singularName", "")
                .put("namespaced", true)
                .put("kind", "HpcJobLog");
        log.putArray("verbs").add("get");
        return write(list);
    }

    private static String openApiV2() {
        ObjectNode doc = JSON.createObjectNode().put("swagger", "2.0");
        doc.putObject("info").put("title", "hpcenv job logs").put("version", ApiRoutes.VERSION);
        doc.putObject("paths");
        return write(doc);
    }

    private static String openApiV3Index() {
        ObjectNode doc = JSON.createObjectNode();
        doc.putObject("paths")
                .putObject("apis/" + ApiRoutes.GROUP_VERSION)
                .put("serverRelativeURL", "/openapi/v3/apis/" + ApiRoutes.GROUP_VERSION);
        return write(doc);
    }

    private static String openApiV3GroupVersion() {
        ObjectNode doc = JSON.createObjectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "hpcenv job logs").put("version", ApiRoutes.VERSION);
        doc.putObject("paths");
        return write(doc);
    }

    private static String write(ObjectNode node) {
        return node.toString();
    }
}
