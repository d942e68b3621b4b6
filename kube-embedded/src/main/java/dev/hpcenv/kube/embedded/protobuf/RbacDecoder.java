package dev.hpcenv.kube.embedded.protobuf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code rbac.authorization.k8s.io/v1} kinds kubectl sends as protobuf ({@code kubectl create
 * role|clusterrole|rolebinding|clusterrolebinding}), in the field numbers of
 * k8s.io/api/rbac/v1/generated.proto.
 */
final class RbacDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RbacDecoder() {}

    /** Role and ClusterRole: 1 metadata, 2 rules, 3 aggregationRule (ClusterRole only). */
    static void role(ProtoReader reader, ObjectNode role) throws ProtobufBodyException {
        ArrayNode rules = role.putArray("rules");
        while (reader.hasMore()) {
            int tag = reader.tag();
            switch (tag >>> 3) {
                case 1 -> role.set("metadata", ObjectMetaDecoder.decode(reader.message()));
                case 2 -> rules.add(rule(reader.message()));
                case 3 -> role.set("aggregationRule", aggregationRule(reader.message()));
                default -> reader.skip(tag);
            }
        }
    }

    /** RoleBinding and ClusterRoleBinding: 1 metadata, 2 subjects, 3 roleRef. */
    static void binding(ProtoReader reader, ObjectNode binding) throws ProtobufBodyException {
        ArrayNode subjects = binding.putArray("subjects");
        while (reader.hasMore()) {
            int tag = reader.tag();
            switch (tag >>> 3) {
                case 1 -> binding.set("metadata", ObjectMetaDecoder.decode(reader.message()));
                case 2 -> subjects.add(strings(reader.message(), "kind", "apiGroup", "name", "namespace"));
                case 3 -> binding.set("roleRef", strings(reader.message(), "apiGroup", "kind", "name"));
                default -> reader.skip(tag);
            }
        }
    }

    // PolicyRule: 1 verbs, 2 apiGroups, 3 resources, 4 resourceNames, 5 nonResourceURLs (all repeated).
    private static ObjectNode rule(ProtoReader reader) throws ProtobufBodyException {
        String[] fields = {"verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"};
        ObjectNode rule = JSON.createObjectNode();
        rule.putArray("verbs");
        while (reader.hasMore()) {
            int tag = reader.tag();
            int field = tag >>> 3;
            if (field >= 1 && field <= fields.length) {
                rule.withArrayProperty(fields[field - 1]).add(reader.string());
            } else {
                reader.skip(tag);
            }
        }
        return rule;
    }

    // AggregationRule: 1 clusterRoleSelectors (LabelSelector: 1 matchLabels, 2 matchExpressions).
    private static ObjectNode aggregationRule(ProtoReader reader) throws ProtobufBodyException {
        ObjectNode rule = JSON.createObjectNode();
        ArrayNode selectors = rule.putArray("clusterRoleSelectors");
        while (reader.hasMore()) {
            int tag = reader.tag();
            if (tag >>> 3 != 1) {
                reader.skip(tag);
                continue;
            }
            ProtoReader selector = reader.message();
            ObjectNode node = selectors.addObject();
            while (selector.hasMore()) {
                int inner = selector.tag();
                switch (inner >>> 3) {
                    case 1 ->
                        ProtobufBodies.mapEntry(selector.message(), node.withObjectProperty("matchLabels"), false);
                    case 2 -> node.withArrayProperty("matchExpressions").add(requirement(selector.message()));
                    default -> selector.skip(inner);
                }
            }
        }
        return rule;
    }

    // LabelSelectorRequirement: 1 key, 2 operator, 3 values.
    private static ObjectNode requirement(ProtoReader reader) throws ProtobufBodyException {
        ObjectNode requirement = JSON.createObjectNode();
        while (reader.hasMore()) {
            int tag = reader.tag();
            switch (tag >>> 3) {
                case 1 -> requirement.put("key", reader.string());
                case 2 -> requirement.put("operator", reader.string());
                case 3 -> requirement.withArrayProperty("values").add(reader.string());
                default -> reader.skip(tag);
            }
        }
        return requirement;
    }

    /** A message of string fields 1..n, named in order; absent or empty fields are left out. */
    private static ObjectNode strings(ProtoReader reader, String... names) throws ProtobufBodyException {
        ObjectNode node = JSON.createObjectNode();
        while (reader.hasMore()) {
            int tag = reader.tag();
            int field = tag >>> 3;
            if (field >= 1 && field <= names.length) {
                String value = reader.string();
                if (!value.isEmpty()) {
                    node.put(names[field - 1], value);
                }
            } else {
                reader.skip(tag);
            }
        }
        return node;
    }
}
