package dev.hpcenv.kube.embedded.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.kube.embedded.response.ApiResponse;
import dev.hpcenv.kube.embedded.response.StatusResponses;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal OpenAPI v3 index: {@code /openapi/v3} and one document per group-version, listing for
 * each kind a PATCH operation tagged with its group-version-kind and the {@code fieldValidation}
 * query parameter, and, for custom resources, the CRD's schema under {@code components.schemas}
 * (named and tagged as the API server names and tags them), with ObjectMeta beside it.
 *
 * <p>Why the schemas: {@code kubectl explain} reads the kind's schema from there by its
 * {@code x-kubernetes-group-version-kind}; without it, it fails with "index of nil pointer". Built-in
 * kinds have no schema here, so {@code kubectl explain} works for custom resources only.
 *
 * <p>Why: kubectl apply's default {@code --validate=strict} first asks whether the server validates
 * fields itself (this index answers yes); without it kubectl downloads the OpenAPI v2 schema and,
 * when that is missing, refuses with "failed to download openapi". The documents declare no
 * strategic-merge-patch support, so kubectl computes patches as it does for CRDs (JSON merge patch)
 * and, for built-in kinds, from its compiled-in types. The fields are then checked by
 * {@code schema.StructuralSchema} on the way in, as a cluster checks them.
 */
public final class OpenApiV3Responder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "/openapi/v3";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private final ResourceCatalog catalog;

    public OpenApiV3Responder(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** The answer for an {@code /openapi/v3...} path (query string removed), or empty for other paths. */
    public Optional<ApiResponse> respond(String path) {
        if (path.equals(ROOT) || path.equals(ROOT + "/")) {
            return Optional.of(new ApiResponse(200, root().toString()));
        }
        if (!path.startsWith(ROOT + "/")) {
            return Optional.empty();
        }
        String groupVersionPath = path.substring(ROOT.length() + 1);
        ObjectNode document = documents().get(groupVersionPath);
        return Optional.of(
                document == null ? StatusResponses.unknownPath() : new ApiResponse(200, document.toString()));
    }

    private ObjectNode root() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode paths = root.putObject("paths");
        documents()
                .forEach((groupVersionPath, document) -> paths.putObject(groupVersionPath)
                        .put(
                                "serverRelativeURL",
                                ROOT + "/" + groupVersionPath + "?hash=" + hash(document.toString())));
        return root;
    }

    /** One document per group-version, keyed "api/v1" or "apis/group/version". */
    private Map<String, ObjectNode> documents() {
        Map<String, ObjectNode> documents = new LinkedHashMap<>();
        for (ResourceType type : catalog.all()) {
            String key = type.apiPrefix().substring(1);
            ObjectNode document = documents.computeIfAbsent(key, k -> emptyDocument(type.groupVersion()));
            ObjectNode paths = (ObjectNode) document.get("paths");
            String namespacePart = type.namespaced() ? "/namespaces/{namespace}" : "";
            paths.putObject(type.apiPrefix() + namespacePart + "/" + type.plural() + "/{name}")
                    .set("patch", patchOperation(type));
            if (type.schema() != null) {
                ObjectNode schemas = document.withObjectProperty("components").withObjectProperty("schemas");
                schemas.set(schemaName(type), kindSchema(type));
                schemas.set(OBJECT_META, ObjectMetaSchema.schema());
            }
        }
        return documents;
    }

    /** The name the API server gives a CRD's schema: the group reversed, then version and kind. */
    static String schemaName(ResourceType type) {
        List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
        java.util.Collections.reverse(parts);
        return String.join(".", parts) + "." + type.version() + "." + type.kind();
    }

    private static ObjectNode kindSchema(ResourceType type) {
        ObjectNode schema = (ObjectNode) type.schema().deepCopy();
        schema.put("type", "object");
        ObjectNode properties = schema.withObjectProperty("properties");
        ObjectNode apiVersion = JSON.createObjectNode()
                .put("type", "string")
                .put(
                        "description",
                        "APIVersion defines the versioned schema of this representation of an object. Servers should convert"
                                + " recognized schemas to the latest internal value, and may reject unrecognized values.");
        ObjectNode kind = JSON.createObjectNode()
                .put("type", "string")
                .put(
                        "description",
                        "Kind is a string value representing the REST resource this object represents. Servers may infer"
                                + " this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.");
        ObjectNode metadata = JSON.createObjectNode();
        metadata.putArray("allOf").addObject().put("$ref", "#/components/schemas/" + OBJECT_META);
        metadata.put("description", "Standard object's metadata.");
        properties.set("apiVersion", apiVersion);
        properties.set("kind", kind);
        properties.set("metadata", metadata);
        schema.putArray("x-kubernetes-group-version-kind")
                .addObject()
                .put("group", type.group())
                .put("kind", type.kind())
                .put("version", type.version());
        return schema;
    }

    private static ObjectNode emptyDocument(String groupVersion) {
        ObjectNode document = JSON.createObjectNode();
        document.put("openapi", "3.0.0");
        document.putObject("info").put("title", "hpcenv embedded API").put("version", groupVersion);
        document.putObject("paths");
        return document;
    }

    private static ObjectNode patchOperation(ResourceType type) {
        ObjectNode operation = JSON.createObjectNode();
        operation.put("operationId", "patch" + type.kind());
        operation
                .putObject("x-kubernetes-group-version-kind")
                .put("group", type.group())
                .put("version", type.version())
                .put("kind", type.kind());
        ArrayNode parameters = operation.putArray("parameters");
        for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
            parameters
                    .addObject()
                    .put("name", name)
                    .put("in", "query")
                    .putObject("schema")
                    .put("type", "string");
        }
        ObjectNode content = operation.putObject("requestBody").putObject("content");
        for (String mediaType : List.of("application/json-patch+json", "application/merge-patch+json")) {
            content.putObject(mediaType).putObject("schema").put("type", "object");
        }
        operation.putObject("responses").putObject("200").put("description", "OK");
        return operation;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16).toUpperCase();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
