package dev.hpcenv.kube.embedded.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code authorization.k8s.io/v1} reviews kubectl sends as protobuf ({@code kubectl auth can-i}),
 * in the field numbers of k8s.io/api/authorization/v1/generated.proto: 1 metadata, 2 spec.
 */
final class AuthorizationDecoder {

    private static final String[] RESOURCE_ATTRIBUTES = {
        "namespace", "verb", "group", "version", "resource", "subresource", "name"
    };
    private static final String[] NON_RESOURCE_ATTRIBUTES = {"path", "verb"};

    private AuthorizationDecoder() {}

    static void review(ProtoReader reader, ObjectNode review, String kind) throws ProtobufBodyException {
        while (reader.hasMore()) {
            int tag = reader.tag();
            switch (tag >>> 3) {
                case 1 -> review.set("metadata", ObjectMetaDecoder.decode(reader.message()));
                case 2 -> spec(reader.message(), review.putObject("spec"), kind);
                default -> reader.skip(tag);
            }
        }
    }

    // SelfSubjectRulesReviewSpec: 1 namespace. The access reviews' specs: 1 resourceAttributes,
    // 2 nonResourceAttributes, and for a SubjectAccessReview 3 user, 4 groups, 6 uid.
    private static void spec(ProtoReader reader, ObjectNode spec, String kind) throws ProtobufBodyException {
        while (reader.hasMore()) {
            int tag = reader.tag();
            int field = tag >>> 3;
            if (kind.equals("SelfSubjectRulesReview")) {
                if (field == 1) {
                    spec.put("namespace", reader.string());
                } else {
                    reader.skip(tag);
                }
                continue;
            }
            switch (field) {
                case 1 -> strings(reader.message(), spec.putObject("resourceAttributes"), RESOURCE_ATTRIBUTES);
                case 2 -> strings(reader.message(), spec.putObject("nonResourceAttributes"), NON_RESOURCE_ATTRIBUTES);
                case 3 -> spec.put("user", reader.string());
                case 4 -> spec.withArrayProperty("groups").add(reader.string());
                case 6 -> spec.put("uid", reader.string());
                default -> reader.skip(tag);
            }
        }
    }

    private static void strings(ProtoReader reader, ObjectNode into, String[] names) throws ProtobufBodyException {
        while (reader.hasMore()) {
            int tag = reader.tag();
            int field = tag >>> 3;
            if (field >= 1 && field <= names.length) {
                String value = reader.string();
                if (!value.isEmpty()) {
                    into.put(names[field - 1], value);
                }
            } else {
                reader.skip(tag);
            }
        }
    }
}
