package dev.hpcenv.operator.embedded.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the API server does with a custom resource and its CRD's structural OpenAPI schema, so that
 * trying hpcenv against the embedded API reports the same mistakes a cluster would: it applies
 * {@code default}s, prunes fields the schema does not declare (and nulls where not nullable), and
 * checks type, enum, required, pattern, length, range and item counts.
 *
 * <p>Not done: CEL rules ({@code x-kubernetes-validations}), {@code format}, {@code anyOf/oneOf/allOf/not},
 * and metadata (the store checks names).
 */
public final class StructuralSchema {

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private final JsonNode schema;

    public StructuralSchema(JsonNode schema) {
        this.schema = schema;
    }

    /** Defaults, prunes (in place) and validates a whole object. */
    public SchemaFindings apply(ObjectNode object) {
        Walk walk = new Walk();
        walk.object(schema, object, "", true);
        return new SchemaFindings(walk.unknown, walk.violations);
    }

    private static final class Walk {
        private final List<String> unknown = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();

        void value(JsonNode schema, JsonNode node, String path) {
            if (schema == null || !schema.isObject()) {
                return;
            }
            if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
                if (!node.isIntegralNumber() && !node.isTextual()) {
                    typeMismatch(path, node, "int-or-string");
                }
                return;
            }
            String type = schema.path("type").asText("");
            if (!type.isEmpty() && !hasType(node, type)) {
                typeMismatch(path, node, type);
                return;
            }
            enumeration(schema, node, path);
            if (node.isObject()) {
                object(schema, (ObjectNode) node, path, false);
            } else if (node.isArray()) {
                array(schema, (ArrayNode) node, path);
            } else if (node.isTextual()) {
                string(schema, node.asText(), path);
            } else if (node.isNumber()) {
                number(schema, node, path);
            }
        }

        void object(JsonNode schema, ObjectNode node, String path, boolean root) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            applyDefaults(properties, node);
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                String childPath = path.isEmpty() ? name : path + "." + name;
                if (root && ROOT_FIELDS.contains(name)) {
                    continue;
                }
                JsonNode childSchema = properties.has(name) ? properties.get(name)
                        : additional != null && additional.isObject() ? additional : null;
                if (childSchema == null) {
                    if (!preserveUnknown && !(additional != null && additional.asBoolean(false))) {
                        unknown.add(childPath);
                        fields.remove();
                    }
                    continue;
                }
                if (field.getValue().isNull()) {
                    if (!childSchema.path("nullable").asBoolean(false)) {
                        fields.remove();
                    }
                    continue;
                }
                value(childSchema, field.getValue(), childPath);
            }
            for (JsonNode required : schema.path("required")) {
                if (!node.has(required.asText())) {
                    String requiredPath = path.isEmpty() ? required.asText() : path + "." + required.asText();
                    violations.add(requiredPath + ": Required value");
                }
            }
        }

        private static void applyDefaults(JsonNode properties, ObjectNode node) {
            Iterator<Map.Entry<String, JsonNode>> declared = properties.fields();
            while (declared.hasNext()) {
                Map.Entry<String, JsonNode> property = declared.next();
                JsonNode defaultValue = property.getValue().get("default");
                if (defaultValue != null && !node.has(property.getKey())) {
                    node.set(property.getKey(), defaultValue.deepCopy());
                }
            }
        }

        private void array(JsonNode schema, ArrayNode node, String path) {
            if (schema.has("minItems") && node.size() < schema.get("minItems").asInt()) {
                violations.add(path + ": Invalid value: " + node.size() + ": " + path + " in body should have at least "
                        + schema.get("minItems").asInt() + " items");
            }
            if (schema.has("maxItems") && node.size() > schema.get("maxItems").asInt()) {
                violations.add(path + ": Too many: " + node.size() + ": must have at most "
                        + schema.get("maxItems").asInt() + " items");
            }
            JsonNode items = schema.get("items");
            for (int i = 0; i < node.size(); i++) {
                value(items, node.get(i), path + "[" + i + "]");
            }
        }

        private void string(JsonNode schema, String text, String path) {
            if (schema.has("maxLength") && text.codePointCount(0, text.length()) > schema.get("maxLength").asInt()) {
                violations.add(path + ": Too long: may not be more than " + schema.get("maxLength").asInt() + " bytes");
            }
            if (schema.has("minLength") && text.codePointCount(0, text.length()) < schema.get("minLength").asInt()) {
                violations.add(path + ": Invalid value: \"" + text + "\": " + path + " in body should be at least "
                        + schema.get("minLength").asInt() + " chars long");
            }
            if (schema.has("pattern") && !matches(schema.get("pattern").asText(), text)) {
                violations.add(path + ": Invalid value: \"" + text + "\": " + path + " in body should match '"
                        + schema.get("pattern").asText() + "'");
            }
        }

        private void number(JsonNode schema, JsonNode node, String path) {
            double value = node.asDouble();
            if (schema.has("minimum")) {
                double minimum = schema.get("minimum").asDouble();
                boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
                if (exclusive ? value <= minimum : value < minimum) {
                    violations.add(path + ": Invalid value: " + node.asText() + ": " + path + " in body should be greater than "
                            + (exclusive ? "" : "or equal to ") + schema.get("minimum").asText());
                }
            }
            if (schema.has("maximum")) {
                double maximum = schema.get("maximum").asDouble();
                boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
                if (exclusive ? value >= maximum : value > maximum) {
                    violations.add(path + ": Invalid value: " + node.asText() + ": " + path + " in body should be less than "
                            + (exclusive ? "" : "or equal to ") + schema.get("maximum").asText());
                }
            }
        }

        private void enumeration(JsonNode schema, JsonNode node, String path) {
            JsonNode allowed = schema.get("enum");
            if (allowed == null || !allowed.isArray()) {
                return;
            }
            for (JsonNode candidate : allowed) {
                if (candidate.equals(node) || (candidate.isValueNode() && node.isValueNode()
                        && candidate.asText().equals(node.asText()) && candidate.isTextual() == node.isTextual())) {
                    return;
                }
            }
            StringJoiner supported = new StringJoiner(", ");
            allowed.forEach(v -> supported.add(v.toString()));
            violations.add(path + ": Unsupported value: " + node + ": supported values: " + supported);
        }

        private void typeMismatch(String path, JsonNode node, String expected) {
            String actual = node.isObject() ? "object" : node.isArray() ? "array" : node.isTextual() ? "string"
                    : node.isBoolean() ? "boolean" : node.isIntegralNumber() ? "integer" : node.isNumber() ? "number" : "null";
            violations.add(path + ": Invalid value: \"" + actual + "\": " + path + " in body must be of type "
                    + expected + ": \"" + actual + "\"");
        }

        private static boolean hasType(JsonNode node, String type) {
            return switch (type) {
                case "object" -> node.isObject();
                case "array" -> node.isArray();
                case "string" -> node.isTextual();
                case "integer" -> node.isIntegralNumber() || (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()));
                case "number" -> node.isNumber();
                case "boolean" -> node.isBoolean();
                default -> true;
            };
        }

        // Kubernetes patterns are RE2 (Go); the ones CRDs use are also valid Java regexes.
        private static boolean matches(String pattern, String text) {
            try {
                return Pattern.compile(pattern).matcher(text).find();
            } catch (PatternSyntaxException e) {
                return true;
            }
        }
    }
}
