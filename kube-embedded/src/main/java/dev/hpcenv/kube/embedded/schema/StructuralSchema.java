package dev.hpcenv.kube.embedded.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API server does with a custom resource and its CRD's structural OpenAPI schema, so that
 * trying hpcenv against the embedded API reports the same mistakes a cluster would: it applies
 * {@code default}s, prunes fields the schema does not declare (and nulls where not nullable), checks
 * type, {@code format} (int32/int64 ranges, as Kubernetes 1.36 does), enum, required, pattern,
 * lengths, ranges, multipleOf, item and property counts and list-type uniqueness, and then runs the
 * CEL rules ({@code x-kubernetes-validations}) where the value under them is valid.
 *
 * <p>Numbers follow the API server's decoding ({@link JsonNumbers}): an integer field takes 3 and 3.0,
 * refuses 1.5 and anything beyond int64 ("must be of type integer"), and stores 3.0 as 3. Messages
 * are worded as the API server words them ({@code spec.x: Invalid value: 7: spec.x in body should be
 * less than or equal to 5}).
 *
 * <p>Not done: {@code anyOf/oneOf/allOf/not} (not allowed to carry types in structural schemas and
 * unused by the project's CRDs), string formats, ratcheting of unchanged invalid values, and
 * metadata (see {@link ObjectMetaTypes}).
 */
public final class StructuralSchema {

    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");
    private static final BigDecimal INT32_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT32_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final int MAX_SHOWN = 256;

    private final JsonNode schema;
    private final boolean transitionRules;

    public StructuralSchema(JsonNode schema) {
        this.schema = schema;
        this.transitionRules = schema.toString().contains("oldSelf");
    }

    /** Whether a rule uses {@code oldSelf}: only then does an update need the stored object. */
    public boolean hasTransitionRules() {
        return transitionRules;
    }

    /** Defaults, prunes (in place) and validates a new object (create). */
    public SchemaFindings apply(ObjectNode object) {
        return apply(object, null);
    }

    /**
     * Defaults, prunes (in place) and validates an object; {@code old} is the stored object of an
     * update (for transition rules, which use {@code oldSelf}), null on create.
     */
    public SchemaFindings apply(ObjectNode object, JsonNode old) {
        Walk walk = new Walk();
        walk.object(schema, object, "", true);
        walk.rules(schema, object, old, "", true);
        return new SchemaFindings(walk.unknown, walk.violations);
    }

    private static final class Walk {
        private final List<String> unknown = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();
        // Paths whose value broke a schema keyword: CEL rules above them are not run, as their
        // inputs are not what the rules were written for (the API server reports the type error).
        private final Set<String> invalidPaths = new HashSet<>();

        /** Validates {@code node}; returns its replacement when it must be stored differently (3.0 -> 3). */
        JsonNode value(JsonNode schema, JsonNode node, String path) {
            if (schema == null || !schema.isObject()) {
                return node;
            }
            if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
                if (node.isTextual()) {
                    string(schema, node.asText(), path);
                } else if (node.isNumber() && JsonNumbers.asInteger(node) != null) {
                    return integer(schema, node, path);
                } else {
                    typeMismatch(path, node, "integer,string");
                }
                return node;
            }
            String type = schema.path("type").asText("");
            if (!type.isEmpty() && !hasType(node, type)) {
                typeMismatch(path, node, type);
                return node;
            }
            JsonNode stored = node;
            if (node.isObject()) {
                object(schema, (ObjectNode) node, path, false);
            } else if (node.isArray()) {
                array(schema, (ArrayNode) node, path);
            } else if (node.isTextual()) {
                string(schema, node.asText(), path);
            } else if (node.isNumber()) {
                stored = type.equals("integer") ? integer(schema, node, path) : number(schema, node, path);
            }
            enumeration(schema, stored, path);
            return stored;
        }

        void object(JsonNode schema, ObjectNode node, String path, boolean root) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            boolean preserveUnknown =
                    schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            applyDefaults(properties, node);
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            List<Map.Entry<String, JsonNode>> replaced = new ArrayList<>();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                if (root && ROOT_FIELDS.contains(name)) {
                    continue;
                }
                String childPath = child(path, name);
                JsonNode childSchema = properties.has(name)
                        ? properties.get(name)
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
                JsonNode stored = value(childSchema, field.getValue(), childPath);
                if (stored != field.getValue()) {
                    replaced.add(Map.entry(name, stored));
                }
            }
            replaced.forEach(e -> node.set(e.getKey(), e.getValue()));
            for (JsonNode required : schema.path("required")) {
                if (!node.has(required.asText())) {
                    fail(child(path, required.asText()), "Required value");
                }
            }
            counted(schema, node.size(), path, "minProperties", "maxProperties", "properties");
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
            if (schema.has("minItems") && node.size() < schema.get("minItems").asLong()) {
                fail(
                        path,
                        "Invalid value: " + node.size() + ": " + path + " in body should have at least "
                                + schema.get("minItems").asLong() + " items");
            }
            if (schema.has("maxItems") && node.size() > schema.get("maxItems").asLong()) {
                fail(
                        path,
                        "Too many: " + node.size() + ": must have at most "
                                + schema.get("maxItems").asLong() + " items");
            }
            JsonNode items = schema.get("items");
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isNull() && items != null && !items.path("nullable").asBoolean(false)) {
                    // a null list item is not pruned: the API server refuses it as a wrong type
                    typeMismatch(path + "[" + i + "]", item, items.path("type").asText("object"));
                    continue;
                }
                JsonNode stored = value(items, item, path + "[" + i + "]");
                if (stored != item) {
                    node.set(i, stored);
                }
            }
            listType(schema, node, path);
        }

        // x-kubernetes-list-type set (unique values) and map (unique keys), as the API server checks them.
        private void listType(JsonNode schema, ArrayNode node, String path) {
            String listType = schema.path("x-kubernetes-list-type").asText("");
            if (!listType.equals("set") && !listType.equals("map")) {
                return;
            }
            Set<JsonNode> seen = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode key = node.get(i);
                if (listType.equals("map")) {
                    ObjectNode keys = key.isObject() ? ((ObjectNode) key).objectNode() : null;
                    for (JsonNode name : schema.path("x-kubernetes-list-map-keys")) {
                        if (keys != null) {
                            keys.set(name.asText(), key.path(name.asText()).deepCopy());
                        }
                    }
                    key = keys == null ? key : keys;
                }
                if (!seen.add(key)) {
                    fail(
                            path + "[" + i + "]",
                            "Duplicate value: " + (key.isTextual() ? "\"" + key.asText() + "\"" : key));
                }
            }
        }

        private void string(JsonNode schema, String text, String path) {
            int length = text.codePointCount(0, text.length());
            if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
                fail(
                        path,
                        "Too long: may not be more than "
                                + schema.get("maxLength").asLong() + " bytes");
            }
            if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
                fail(
                        path,
                        "Invalid value: " + quoted(text) + ": " + path + " in body should be at least "
                                + schema.get("minLength").asLong() + " chars long");
            }
            if (schema.has("pattern") && !matches(schema.get("pattern").asText(), text)) {
                fail(
                        path,
                        "Invalid value: " + quoted(text) + ": " + path + " in body should match '"
                                + schema.get("pattern").asText() + "'");
            }
        }

        private JsonNode integer(JsonNode schema, JsonNode node, String path) {
            long value = JsonNumbers.asInteger(node);
            JsonNode stored = node.isIntegralNumber() ? node : JsonNumbers.integerNode(value);
            BigDecimal exact = BigDecimal.valueOf(value);
            if ("int32".equals(schema.path("format").asText())
                    && (exact.compareTo(INT32_MIN) < 0 || exact.compareTo(INT32_MAX) > 0)) {
                // Kubernetes 1.36 words it so; older servers did not check formats at all.
                fail(
                        path,
                        "Invalid value: " + value + ": " + path + " in body must be of type integer with format int32");
            }
            bounds(schema, exact, Long.toString(value), path);
            return stored;
        }

        private JsonNode number(JsonNode schema, JsonNode node, String path) {
            BigDecimal exact = JsonNumbers.exact(node);
            if (exact == null) {
                typeMismatch(path, node, "number");
                return node;
            }
            bounds(schema, exact, JsonNumbers.display(node), path);
            return node;
        }

        private void bounds(JsonNode schema, BigDecimal value, String shown, String path) {
            JsonNode minimum = schema.get("minimum");
            if (minimum != null && minimum.isNumber()) {
                boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
                int order = value.compareTo(JsonNumbers.exact(minimum));
                if (exclusive ? order <= 0 : order < 0) {
                    fail(
                            path,
                            "Invalid value: " + shown + ": " + path + " in body should be greater than "
                                    + (exclusive ? "" : "or equal to ") + JsonNumbers.goFloat(minimum.doubleValue()));
                }
            }
            JsonNode maximum = schema.get("maximum");
            if (maximum != null && maximum.isNumber()) {
                boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
                int order = value.compareTo(JsonNumbers.exact(maximum));
                if (exclusive ? order >= 0 : order > 0) {
                    fail(
                            path,
                            "Invalid value: " + shown + ": " + path + " in body should be less than "
                                    + (exclusive ? "" : "or equal to ") + JsonNumbers.goFloat(maximum.doubleValue()));
                }
            }
            JsonNode multipleOf = schema.get("multipleOf");
            if (multipleOf != null
                    && multipleOf.isNumber()
                    && multipleOf.doubleValue() > 0
                    && value.remainder(JsonNumbers.exact(multipleOf)).signum() != 0) {
                fail(
                        path,
                        "Invalid value: " + shown + ": " + path + " in body should be a multiple of "
                                + JsonNumbers.goFloat(multipleOf.doubleValue()));
            }
        }

        private void counted(JsonNode schema, int size, String path, String minKey, String maxKey, String what) {
            if (schema.has(minKey) && size < schema.get(minKey).asLong()) {
                fail(
                        path,
                        "Invalid value: " + size + ": " + shownPath(path) + " in body should have at least "
                                + schema.get(minKey).asLong() + " " + what);
            }
            if (schema.has(maxKey) && size > schema.get(maxKey).asLong()) {
                fail(
                        path,
                        "Too many: " + size + ": must have at most "
                                + schema.get(maxKey).asLong() + " items");
            }
        }

        private void enumeration(JsonNode schema, JsonNode node, String path) {
            JsonNode allowed = schema.get("enum");
            if (allowed == null || !allowed.isArray()) {
                return;
            }
            for (JsonNode candidate : allowed) {
                if (candidate.equals(node)
                        || (candidate.isNumber()
                                && node.isNumber()
                                && JsonNumbers.exact(candidate) != null
                                && JsonNumbers.exact(node) != null
                                && JsonNumbers.exact(candidate).compareTo(JsonNumbers.exact(node)) == 0)) {
                    return;
                }
            }
            StringJoiner supported = new StringJoiner(", ");
            allowed.forEach(v -> supported.add(v.toString()));
            fail(path, "Unsupported value: " + node + ": supported values: " + supported);
        }

        private void typeMismatch(String path, JsonNode node, String expected) {
            String actual = node.isObject()
                    ? "object"
                    : node.isArray()
                            ? "array"
                            : node.isTextual()
                                    ? "string"
                                    : node.isBoolean()
                                            ? "boolean"
                                            : node.isNumber()
                                                            && JsonNumbers.asInteger(node) != null
                                                            && node.isIntegralNumber()
                                                    ? "integer"
                                                    : node.isNumber() ? "number" : "null";
            fail(
                    path,
                    "Invalid value: \"" + actual + "\": " + shownPath(path) + " in body must be of type " + expected
                            + ": \"" + actual + "\"");
        }

        private void fail(String path, String problem) {
            invalidPaths.add(path);
            violations.add(shownPath(path) + ": " + problem);
        }

        /**
         * Runs the CEL rules of {@code schema} and below against {@code node}, the rules of a value
         * only when nothing under it broke the schema; returns whether anything under it is invalid.
         */
        boolean rules(JsonNode schema, JsonNode node, JsonNode old, String path, boolean root) {
            if (schema == null || !schema.isObject() || node == null || node.isNull()) {
                return false;
            }
            boolean invalid = invalidPaths.contains(path);
            if (node.isObject() && !invalid) {
                JsonNode properties = schema.path("properties");
                JsonNode additional = schema.get("additionalProperties");
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (root && ROOT_FIELDS.contains(field.getKey())) {
                        continue;
                    }
                    JsonNode childSchema = properties.has(field.getKey())
                            ? properties.get(field.getKey())
                            : additional != null && additional.isObject() ? additional : null;
                    JsonNode childOld = old == null ? null : old.get(field.getKey());
                    invalid |= rules(childSchema, field.getValue(), childOld, child(path, field.getKey()), false);
                }
            } else if (node.isArray() && !invalid) {
                for (int i = 0; i < node.size(); i++) {
                    // List items are not correlated with the old list (the API server does so for map lists only).
                    invalid |= rules(schema.get("items"), node.get(i), null, path + "[" + i + "]", false);
                }
            }
            if (!invalid) {
                evaluate(schema, node, old, path);
            }
            return invalid;
        }

        private void evaluate(JsonNode schema, JsonNode node, JsonNode old, String path) {
            for (JsonNode rule : schema.path("x-kubernetes-validations")) {
                String expression = rule.path("rule").asText("");
                boolean transition = CelRules.usesOldSelf(expression);
                if (expression.isEmpty()
                        || (transition
                                && (old == null || old.isNull())
                                && !rule.path("optionalOldSelf").asBoolean(false))) {
                    continue;
                }
                CelRules.Outcome outcome = CelRules.check(expression, node, transition ? old : null);
                if (outcome.passed()) {
                    continue;
                }
                String type = schema.path("type").asText(node.isObject() ? "object" : "string");
                String at = path + rule.path("fieldPath").asText("");
                String message = outcome.error() != null ? outcome.error() : ruleMessage(rule, node, old);
                String reason = rule.path("reason").asText("FieldValueInvalid");
                violations.add(shownPath(at) + ": "
                        + switch (reason) {
                            case "FieldValueForbidden" -> "Forbidden: " + message;
                            case "FieldValueRequired" -> "Required value: " + message;
                            case "FieldValueDuplicate" -> "Duplicate value: \"" + type + "\"";
                            default -> "Invalid value: \"" + type + "\": " + message;
                        });
            }
        }

        private static String ruleMessage(JsonNode rule, JsonNode node, JsonNode old) {
            if (rule.hasNonNull("messageExpression")) {
                String computed = CelRules.message(rule.get("messageExpression").asText(), node, old);
                if (computed != null) {
                    return computed;
                }
            }
            String message = rule.path("message").asText("");
            return message.isBlank() ? "failed rule: " + rule.path("rule").asText() : message;
        }

        private static String child(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        // The API server prints the root path as <nil>.
        private static String shownPath(String path) {
            return path.isEmpty() ? "<nil>" : path;
        }

        // Long values are cut, so that a refused megabyte string is not echoed back in the Status.
        private static String quoted(String text) {
            String shown = text.length() <= MAX_SHOWN
                    ? text
                    : text.substring(0, MAX_SHOWN) + "... (" + (text.length() - MAX_SHOWN) + " more characters)";
            return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }

        private static boolean hasType(JsonNode node, String type) {
            return switch (type) {
                case "object" -> node.isObject();
                case "array" -> node.isArray();
                case "string" -> node.isTextual();
                case "integer" -> node.isNumber() && JsonNumbers.asInteger(node) != null;
                case "number" -> node.isNumber();
                case "boolean" -> node.isBoolean();
                default -> true;
            };
        }

        // RE2 as in the API server (Go's regexp): the same syntax, and linear time whatever the input,
        // so a megabyte string cannot make a pattern backtrack for minutes.
        private static boolean matches(String pattern, String text) {
            Pattern compiled = PATTERNS.computeIfAbsent(pattern, p -> {
                try {
                    return Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                    return null;
                }
            });
            return compiled == null || compiled.matcher(text).find();
        }
    }
}
