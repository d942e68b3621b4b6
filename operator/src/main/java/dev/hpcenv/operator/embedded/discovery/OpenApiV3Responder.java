package dev.hpcenv.operator.embedded.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.operator.embedded.response.ApiResponse;
import dev.hpcenv.operator.embedded.response.StatusResponses;

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
 * query parameter.
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
        return Optional.of(document == null ? StatusResponses.unknownPath() : new ApiResponse(200, document.toString()));
    }

    private ObjectNode root() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode paths = root.putObject("paths");
        documents().forEach((groupVersionPath, document) -> paths.putObject(groupVersionPath)
                .put("serverRelativeURL", ROOT + "/" + groupVersionPath + "?hash=" + hash(document.toString())));
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
        }
        return documents;
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
        operation.putObject("x-kubernetes-group-version-kind")
                .put("group", type.group()).put("version", type.version()).put("kind", type.kind());
        ArrayNode parameters = operation.putArray("parameters");
        for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
            parameters.addObject().put("name", name).put("in", "query").putObject("schema").put("type", "string");
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
