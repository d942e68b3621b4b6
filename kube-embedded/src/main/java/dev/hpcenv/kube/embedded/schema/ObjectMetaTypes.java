package dev.hpcenv.kube.embedded.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks the API server makes of {@code metadata} before anything else looks at it: every field
 * of ObjectMeta has its Go type (a wrong type fails decoding: 400), and a custom resource's name is
 * a DNS subdomain (422), so that no body can put a number where the store, selectors or watches read
 * a string, or a name that is no path segment.
 */
public final class ObjectMetaTypes {

    private static final List<String> STRINGS =
            List.of("name", "generateName", "namespace", "uid", "resourceVersion", "selfLink");
    private static final List<String> TIMES = List.of("creationTimestamp", "deletionTimestamp");
    private static final List<String> INTEGERS = List.of("generation", "deletionGracePeriodSeconds");
    private static final List<String> STRING_MAPS = List.of("labels", "annotations");
    private static final List<String> LISTS = List.of("finalizers", "ownerReferences", "managedFields");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final int DNS_SUBDOMAIN_MAX = 253;

    private ObjectMetaTypes() {}

    /** Why {@code metadata} cannot be decoded as ObjectMeta (the 400 a cluster gives), or empty. */
    public static Optional<String> decodingProblem(JsonNode metadata) {
        if (metadata == null || metadata.isMissingNode() || metadata.isNull()) {
            return Optional.empty();
        }
        if (!metadata.isObject()) {
            return Optional.of(cannot(kindOf(metadata), "metadata", "v1.ObjectMeta"));
        }
        for (Map.Entry<String, JsonNode> field : iterable(metadata)) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if ((STRINGS.contains(name) || TIMES.contains(name)) && !value.isTextual()) {
                return Optional.of(
                        cannot(kindOf(value), "metadata." + name, TIMES.contains(name) ? "v1.Time" : "string"));
            }
            if (INTEGERS.contains(name)
                    && (!value.isNumber()
                            || !value.isIntegralNumber()
                            || value.bigIntegerValue().bitLength() > 63)) {
                return Optional.of(
                        cannot(value.isNumber() ? "number " + value : kindOf(value), "metadata." + name, "int64"));
            }
            if (STRING_MAPS.contains(name)) {
                if (!value.isObject()) {
                    return Optional.of(cannot(kindOf(value), "metadata." + name, "map[string]string"));
                }
                for (Map.Entry<String, JsonNode> entry : iterable(value)) {
                    if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
                        return Optional.of(cannot(kindOf(entry.getValue()), "metadata." + name, "string"));
                    }
                }
            }
            if (LISTS.contains(name)) {
                if (!value.isArray()) {
                    return Optional.of(cannot(
                            kindOf(value),
                            "metadata." + name,
                            "[]" + (name.equals("finalizers") ? "string" : "object")));
                }
                for (JsonNode item : value) {
                    boolean ok = name.equals("finalizers") ? item.isTextual() : item.isObject();
                    if (!ok) {
                        return Optional.of(cannot(
                                kindOf(item), "metadata." + name, name.equals("finalizers") ? "string" : "object"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The 422 violations of a custom resource's name ("metadata.name: Invalid value: ..."), as a cluster words them. */
    public static List<String> nameViolations(JsonNode metadata) {
        List<String> violations = new ArrayList<>();
        String name = metadata.path("name").asText("");
        if (name.isEmpty()) {
            return violations;
        }
        String shown = name.length() > 300 ? name.substring(0, 300) + "..." : name;
        if (name.length() > DNS_SUBDOMAIN_MAX) {
            violations.add("metadata.name: Invalid value: \"" + shown + "\": must be no more than " + DNS_SUBDOMAIN_MAX
                    + " characters");
        }
        if (!DNS_SUBDOMAIN.matcher(name).matches()) {
            violations.add("metadata.name: Invalid value: \"" + shown + "\": a lowercase RFC 1123 subdomain must"
                    + " consist of lower case alphanumeric characters, '-' or '.', and must start and end with an"
                    + " alphanumeric character (e.g. 'example.com', regex used for validation is"
                    + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
        return violations;
    }

    private static String cannot(String actual, String field, String goType) {
        return "json: cannot unmarshal " + actual + " into Go struct field ObjectMeta." + field + " of type " + goType;
    }

    private static String kindOf(JsonNode node) {
        return node.isObject()
                ? "object"
                : node.isArray()
                        ? "array"
                        : node.isTextual() ? "string" : node.isBoolean() ? "bool" : node.isNumber() ? "number" : "null";
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
