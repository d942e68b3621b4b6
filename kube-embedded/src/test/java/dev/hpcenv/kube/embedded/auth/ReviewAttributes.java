package dev.hpcenv.kube.embedded.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The spec of a SubjectAccessReview about a resource or a non-resource URL, for the review tables. */
final class ReviewAttributes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReviewAttributes() {}

    /** Empty strings leave a field out, as a review that does not name it. */
    static ObjectNode resource(
            String verb, String group, String namespace, String resource, String subresource, String name) {
        ObjectNode spec = JSON.createObjectNode();
        ObjectNode attributes = spec.putObject("resourceAttributes");
        attributes.put("verb", verb).put("group", group).put("resource", resource);
        if (!namespace.isEmpty()) {
            attributes.put("namespace", namespace);
        }
        if (!subresource.isEmpty()) {
            attributes.put("subresource", subresource);
        }
        if (!name.isEmpty()) {
            attributes.put("name", name);
        }
        return spec;
    }

    static ObjectNode nonResource(String verb, String path) {
        ObjectNode spec = JSON.createObjectNode();
        spec.putObject("nonResourceAttributes").put("verb", verb).put("path", path);
        return spec;
    }
}
