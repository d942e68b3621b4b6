package dev.hpcenv.kube.embedded.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a CustomResourceDefinition the API needs to serve its kind, checked before a CRD is
 * stored: a CRD without them would leave a kind that discovery cannot describe. Violations read as the
 * API server words them ({@code spec.names.plural: Required value}).
 */
public final class CrdShape {

    private CrdShape() {}

    /** What is missing or wrong; empty when the CRD can be served. */
    public static List<String> violations(JsonNode crd) {
        List<String> violations = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        requireText(spec, "group", "spec.group", violations);
        requireText(spec.path("names"), "plural", "spec.names.plural", violations);
        requireText(spec.path("names"), "kind", "spec.names.kind", violations);
        String scope = spec.path("scope").asText("");
        if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
            violations.add(
                    scope.isEmpty()
                            ? "spec.scope: Required value"
                            : "spec.scope: Unsupported value: \"" + scope
                                    + "\": supported values: \"Cluster\", \"Namespaced\"");
        }
        JsonNode versions = spec.path("versions");
        if (!versions.isArray() || versions.isEmpty()) {
            violations.add("spec.versions: Invalid value: " + (versions.isMissingNode() ? "null" : versions)
                    + ": must have exactly one version marked as storage version");
        } else {
            for (int i = 0; i < versions.size(); i++) {
                requireText(versions.get(i), "name", "spec.versions[" + i + "].name", violations);
            }
        }
        return violations;
    }

    private static void requireText(JsonNode parent, String field, String path, List<String> violations) {
        JsonNode value = parent.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            violations.add(path + ": Required value");
        }
    }
}
