package dev.hpcenv.kube.embedded.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;

/** Applies a PATCH body of any supported content type to the stored object. */
public final class PatchApplier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PatchApplier() {}

    /**
     * Returns the patched object, or throws with the HTTP code and message a real API server would give.
     *
     * @param statusSubresource whether the PATCH addressed {@code .../status}
     */
    public static JsonNode apply(JsonNode current, String contentType, String body, boolean statusSubresource)
            throws PatchException {
        return apply(current, contentType, body, statusSubresource, null, null);
    }

    /**
     * The same, for {@code fieldManager} at {@code time}: an apply patch then removes what that manager
     * stopped applying, and any other patch takes the fields it changes from the Apply managers.
     */
    public static JsonNode apply(
            JsonNode current,
            String contentType,
            String body,
            boolean statusSubresource,
            String fieldManager,
            String time)
            throws PatchException {
        PatchType type = supportedType(contentType);
        JsonNode patch = type == PatchType.APPLY_PATCH ? parseApplyConfiguration(body) : parse(body);
        JsonNode patched = switch (type) {
            case MERGE_PATCH -> MergePatch.apply(current, patch);
            case STRATEGIC_MERGE_PATCH -> StrategicMergePatch.apply(current, patch);
            case JSON_PATCH -> applyJsonPatch(current, patch);
            case APPLY_PATCH -> ApplyPatch.apply(current, patch, statusSubresource, fieldManager, time);
        };
        if (type != PatchType.APPLY_PATCH && patched instanceof ObjectNode object) {
            AppliedFields.releaseChanged(current, object);
        }
        return patched;
    }

    /** The patch type of a Content-Type, or 415 for one no API server accepts. */
    public static PatchType supportedType(String contentType) throws PatchException {
        return PatchType.fromContentType(contentType)
                .orElseThrow(() -> new PatchException(
                        415,
                        "the body of the request was in an unknown format - accepted media types include: "
                                + "application/json-patch+json, application/merge-patch+json, "
                                + "application/apply-patch+yaml, application/strategic-merge-patch+json"));
    }

    /** A server-side apply body: YAML (JSON is YAML too) holding one object. */
    public static JsonNode parseApplyConfiguration(String body) throws PatchException {
        if (body == null || body.isBlank()) {
            throw new PatchException(400, "the apply configuration is empty");
        }
        try {
            JsonNode applied = YAML.readTree(body);
            if (applied == null || !applied.isObject()) {
                throw new PatchException(400, "the apply configuration must be one object");
            }
            return applied;
        } catch (JsonProcessingException e) {
            throw new PatchException(400, "the apply configuration is not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static JsonNode applyJsonPatch(JsonNode current, JsonNode patch) throws PatchException {
        if (!patch.isArray()) {
            throw new PatchException(400, "a JSON patch must be an array of operations");
        }
        try {
            return JsonPatch.apply(patch, current);
        } catch (JsonPatchException | IllegalArgumentException e) {
            throw new PatchException(422, "the JSON patch cannot be applied: " + e.getMessage());
        }
    }

    private static JsonNode parse(String body) throws PatchException {
        if (body == null || body.isBlank()) {
            throw new PatchException(400, "the patch body is empty");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PatchException(400, "the patch body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
