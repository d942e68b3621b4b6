package dev.hpcenv.kube.embedded.select;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A {@code metav1.LabelSelector} object ({@code matchLabels}, {@code matchExpressions} with In, NotIn,
 * Exists, DoesNotExist), as ClusterRole aggregation rules state them. An empty selector matches every
 * object, as on the API server; a malformed one (unknown operator, wrong types) matches none.
 */
public final class StructuredLabelSelector {

    private StructuredLabelSelector() {}

    public static boolean matches(JsonNode selector, JsonNode object) {
        if (!selector.isObject()) {
            return false;
        }
        JsonNode labels = object.path("metadata").path("labels");
        JsonNode matchLabels = selector.path("matchLabels");
        if (!matchLabels.isMissingNode() && !matchLabels.isNull()) {
            if (!matchLabels.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = matchLabels.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> wanted = fields.next();
                JsonNode actual = labels.get(wanted.getKey());
                if (actual == null
                        || !actual.isTextual()
                        || !actual.asText().equals(wanted.getValue().asText())) {
                    return false;
                }
            }
        }
        JsonNode expressions = selector.path("matchExpressions");
        if (!expressions.isMissingNode() && !expressions.isNull() && !expressions.isArray()) {
            return false;
        }
        for (JsonNode expression : expressions) {
            if (!expressionMatches(expression, labels)) {
                return false;
            }
        }
        return true;
    }

    private static boolean expressionMatches(JsonNode expression, JsonNode labels) {
        JsonNode actual = labels.get(expression.path("key").asText());
        boolean present = actual != null && actual.isTextual();
        boolean listed = false;
        for (JsonNode value : expression.path("values")) {
            listed |= present && value.asText().equals(actual.asText());
        }
        return switch (expression.path("operator").asText()) {
            case "In" -> listed;
            case "NotIn" -> !listed;
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            default -> false;
        };
    }
}
