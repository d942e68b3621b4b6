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
 * CEL rules ({@code x-kubernetes-validations}), unless a type, required, enum, length or count error
 * was found anywhere: then it says that no rule was checked, as Kubernetes 1.37 does.
 *
 * <p>Numbers follow the API server's decoding ({@link JsonNumbers}): an integer field takes 3 and 3.0,
 * refuses 1.5 and anything beyond int64 (a float64: "must be of type int32", its format and its
 * bounds), and stores 3.0 as 3. Messages are worded as kube-apiserver 1.37 words them ({@code spec.x:
 * Invalid value: 7: spec.x in body should be less than or equal to 5}; fields relative to
 * {@code status} on a status write); CrdsRealApiIT holds the two to the same causes.
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

    /**
     * What the API server adds instead of running any CEL rule of an object that has a type, required,
     * enum, length or count error somewhere (its "blocking" errors; bounds and patterns are not).
     */
    static final String RULES_NOT_CHECKED = "<nil>: Invalid value: null: some validation rules were not checked"
            + " because the object was invalid; correct the existing errors to complete validation";

    private final JsonNode schema;
    private final boolean transitionRules;
    private final boolean celRules;

    public StructuralSchema(JsonNode schema) {
        this.schema = schema;
        String text = schema.toString();
        this.transitionRules = text.contains("oldSelf");
        this.celRules = text.contains("\"x-kubernetes-validations\"");
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
        return apply(object, old, false);
    }

    /**
     * As {@link #apply(ObjectNode, JsonNode)}; {@code statusWrite} for a write through the status
     * subresource, which the API server validates against the status schema alone: its messages
     * name fields relative to {@code status} ("exitCode in body ...", while the cause's field is
     * {@code status.exitCode}).
     */
    public SchemaFindings apply(ObjectNode object, JsonNode old, boolean statusWrite) {
        Walk walk = new Walk(statusWrite ? "status" : "");
        walk.object(schema, object, "", true);
        if (celRules) {
            if (walk.blocking) {
                walk.violations.add(RULES_NOT_CHECKED);
            } else {
                walk.rules(schema, object, old, "", true);
            }
        }
        return new SchemaFindings(walk.unknown, walk.violations);
    }

    private static final class Walk {
        // "status" on a status write: the root the API server's messages name fields from.
        private final String bodyRoot;
        private final List<String> unknown = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();
        // A type, required, enum, length or count error anywhere: then no CEL rule runs at all, as
        // on the API server (a rule's input would not be what it was written for).
        private boolean blocking;

        Walk(String bodyRoot) {
            this.bodyRoot = bodyRoot;
        }

        /** A field as the API server's messages name it: from the validated root. */
        private String inBody(String path) {
            return !bodyRoot.isEmpty() && path.startsWith(bodyRoot + ".")
                    ? path.substring(bodyRoot.length() + 1)
                    : path;
        }

        /** The field of an error about the validated root as a whole: {@code <nil>} or {@code status}. */
        private String rootPath() {
            return bodyRoot;
        }

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
            String format = schema.path("format").asText("");
            if (type.equals("integer")
                    && (format.equals("int32") || format.equals("int64"))
                    && node.isNumber()
                    && JsonNumbers.asInteger(node) == null) {
                return float64ForInteger(schema, node, format, path);
            }
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
                        "Invalid value: " + node.size() + ": " + inBody(path) + " in body should have at least "
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

        /** The first of maxLength, minLength and pattern a string breaks, as the API server reports it. */
        private void string(JsonNode schema, String text, String path) {
            int length = text.codePointCount(0, text.length());
            if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
                fail(
                        path,
                        "Too long: may not be more than "
                                + schema.get("maxLength").asLong() + " bytes");
            } else if (schema.has("minLength")
                    && length < schema.get("minLength").asLong()) {
                fail(
                        path,
                        "Invalid value: " + quoted(text) + ": " + inBody(path) + " in body should be at least "
                                + schema.get("minLength").asLong() + " chars long");
            } else if (schema.has("pattern") && !matches(schema.get("pattern").asText(), text)) {
                fail(
                        path,
                        "Invalid value: " + quoted(text) + ": " + inBody(path) + " in body should match '"
                                + schema.get("pattern").asText() + "'");
            }
        }

        private JsonNode integer(JsonNode schema, JsonNode node, String path) {
            long value = JsonNumbers.asInteger(node);
            JsonNode stored = node.isIntegralNumber() ? node : JsonNumbers.integerNode(value);
            BigDecimal exact = BigDecimal.valueOf(value);
            if ("int32".equals(schema.path("format").asText())
                    && (exact.compareTo(INT32_MIN) < 0 || exact.compareTo(INT32_MAX) > 0)) {
                formatError("int32", path);
            }
            bounds(schema, exact, Long.toString(value), path, true);
            return stored;
        }

        /**
         * A number an integer field with a format cannot hold (1.5, 1e20, beyond int64): the API server
         * decodes it as a float64 and refuses it for its type and its format, and checks its bounds.
         */
        private JsonNode float64ForInteger(JsonNode schema, JsonNode node, String format, String path) {
            fail(
                    path,
                    "Invalid value: \"float64\": " + inBody(path) + " in body must be of type " + format
                            + ": \"float64\"");
            formatError(format, path);
            double value = node.doubleValue();
            if (Double.isFinite(value)) {
                bounds(schema, new BigDecimal(value), JsonNumbers.goFloat(value), path, false);
            }
            return node;
        }

        // Kubernetes 1.36 on checks formats, and names the field in the message only.
        private void formatError(String format, String path) {
            fail(
                    rootPath(),
                    "Invalid value: \"\": Checked value must be of type integer with format " + format + " in "
                            + inBody(path));
        }

        private JsonNode number(JsonNode schema, JsonNode node, String path) {
            BigDecimal exact = JsonNumbers.exact(node);
            if (exact == null) {
                typeMismatch(path, node, "number");
                return node;
            }
            bounds(schema, exact, JsonNumbers.display(node), path, false);
            return node;
        }

        /** {@code integer}: the value is an int64, and whole bounds print as integers (1000000, not 1e+06). */
        private void bounds(JsonNode schema, BigDecimal value, String shown, String path, boolean integer) {
            JsonNode minimum = schema.get("minimum");
            if (minimum != null && minimum.isNumber()) {
                boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
                int order = value.compareTo(JsonNumbers.exact(minimum));
                if (exclusive ? order <= 0 : order < 0) {
                    fail(
                            path,
                            "Invalid value: " + shown + ": " + inBody(path) + " in body should be greater than "
                                    + (exclusive ? "" : "or equal to ") + bound(minimum, integer));
                }
            }
            JsonNode maximum = schema.get("maximum");
            if (maximum != null && maximum.isNumber()) {
                boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
                int order = value.compareTo(JsonNumbers.exact(maximum));
                if (exclusive ? order >= 0 : order > 0) {
                    fail(
                            path,
                            "Invalid value: " + shown + ": " + inBody(path) + " in body should be less than "
                                    + (exclusive ? "" : "or equal to ") + bound(maximum, integer));
                }
            }
            JsonNode multipleOf = schema.get("multipleOf");
            if (multipleOf != null
                    && multipleOf.isNumber()
                    && multipleOf.doubleValue() > 0
                    && value.remainder(JsonNumbers.exact(multipleOf)).signum() != 0) {
                fail(
                        path,
                        "Invalid value: " + shown + ": " + inBody(path) + " in body should be a multiple of "
                                + bound(multipleOf, integer));
            }
        }

        private static String bound(JsonNode bound, boolean integer) {
            double value = bound.doubleValue();
            return integer && value == Math.rint(value) && Math.abs(value) < 9.2e18
                    ? Long.toString((long) value)
                    : JsonNumbers.goFloat(value);
        }

        private void counted(JsonNode schema, int size, String path, String minKey, String maxKey, String what) {
            if (schema.has(minKey) && size < schema.get(minKey).asLong()) {
                fail(
                        path,
                        "Invalid value: " + size + ": " + shownPath(inBody(path)) + " in body should have at least "
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
                    "Invalid value: \"" + actual + "\": " + shownPath(inBody(path)) + " in body must be of type "
                            + expected + ": \"" + actual + "\"");
        }

        private void fail(String path, String problem) {
            blocking |= problem.startsWith("Invalid value: \"") && problem.contains(" in body must be of type ")
                    || problem.startsWith("Required value")
                    || problem.startsWith("Unsupported value")
                    || problem.startsWith("Too long")
                    || problem.startsWith("Too many");
            violations.add(shownPath(path) + ": " + problem);
        }

        /**
         * Runs the CEL rules of {@code schema} and below against {@code node}; only called when no
         * blocking error was found, and then on every value, including those that broke a bound or a
         * pattern (as the API server does).
         */
        void rules(JsonNode schema, JsonNode node, JsonNode old, String path, boolean root) {
            if (schema == null || !schema.isObject() || node == null || node.isNull()) {
                return;
            }
            if (node.isObject()) {
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
                    rules(childSchema, field.getValue(), childOld, child(path, field.getKey()), false);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    // List items are not correlated with the old list (the API server does so for map lists only).
                    rules(schema.get("items"), node.get(i), null, path + "[" + i + "]", false);
                }
            }
            evaluate(schema, node, old, path);
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
                String at = path + rule.path("fieldPath").asText("");
                String message = outcome.error() != null ? outcome.error() : ruleMessage(rule, node, old);
                String reason = rule.path("reason").asText("FieldValueInvalid");
                // The API server shows the value under the rule, except an object's or a list's.
                String value = node.isObject() || node.isArray() ? "" : shownValue(node) + ": ";
                violations.add(shownPath(at) + ": "
                        + switch (reason) {
                            case "FieldValueForbidden" -> "Forbidden: " + message;
                            case "FieldValueRequired" -> "Required value: " + message;
                            case "FieldValueDuplicate" -> "Duplicate value: " + value.replaceFirst(": $", "");
                            default -> "Invalid value: " + value + message;
                        });
            }
        }

        // A scalar as Go's field errors print it: strings quoted, numbers and booleans as they are.
        private static String shownValue(JsonNode node) {
            if (node.isTextual()) {
                return quoted(node.asText());
            }
            if (node.isNumber() && !node.isIntegralNumber()) {
                return JsonNumbers.display(node);
            }
            return node.toString();
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
