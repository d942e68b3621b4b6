package dev.hpcenv.kube.embedded.protobuf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Base64;

/**
 * Turns the protobuf bodies kubectl's typed commands send ({@code kubectl create secret|configmap|namespace},
 * {@code kubectl create role|clusterrole|rolebinding|clusterrolebinding}, {@code kubectl auth can-i}) into JSON. kubectl offers no
 * JSON fallback for these, and they are how users create the Slurm JWT Secret, their namespaces and
 * their grants. Only those kinds are understood; everything else must be sent as JSON (kubectl apply
 * and fabric8 clients always do).
 *
 * <p>Layout: the magic {@code k8s\0}, then a {@code runtime.Unknown} (1: typeMeta {1: apiVersion,
 * 2: kind}, 2: raw) whose raw bytes are the object in the field numbers of k8s.io/api generated.proto.
 */
public final class ProtobufBodies {

    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RBAC = "rbac.authorization.k8s.io/v1";
    private static final String AUTHORIZATION = "authorization.k8s.io/v1";

    private ProtobufBodies() {}

    public static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.trim().startsWith(MEDIA_TYPE);
    }

    /** The JSON equivalent of a protobuf-encoded Secret, ConfigMap or Namespace. */
    public static String toJson(byte[] body) throws ProtobufBodyException {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw new ProtobufBodyException("the protobuf body does not start with the Kubernetes magic bytes");
        }
        ProtoReader unknown = new ProtoReader(Arrays.copyOfRange(body, MAGIC.length, body.length));
        String apiVersion = "";
        String kind = "";
        byte[] raw = new byte[0];
        while (unknown.hasMore()) {
            int tag = unknown.tag();
            switch (tag >>> 3) {
                case 1 -> {
                    ProtoReader typeMeta = unknown.message();
                    while (typeMeta.hasMore()) {
                        int inner = typeMeta.tag();
                        switch (inner >>> 3) {
                            case 1 -> apiVersion = typeMeta.string();
                            case 2 -> kind = typeMeta.string();
                            default -> typeMeta.skip(inner);
                        }
                    }
                }
                case 2 -> raw = unknown.lengthDelimited();
                default -> unknown.skip(tag);
            }
        }
        ObjectNode object = JSON.createObjectNode();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        ProtoReader reader = new ProtoReader(raw);
        switch (apiVersion + "/" + kind) {
            case "v1/Secret" -> secret(reader, object);
            case "v1/ConfigMap" -> configMap(reader, object);
            case "v1/Namespace" -> namespace(reader, object);
            case RBAC + "/Role", RBAC + "/ClusterRole" -> RbacDecoder.role(reader, object);
            case RBAC + "/RoleBinding", RBAC + "/ClusterRoleBinding" -> RbacDecoder.binding(reader, object);
            case AUTHORIZATION + "/SelfSubjectAccessReview",
                    AUTHORIZATION + "/SelfSubjectRulesReview",
                    AUTHORIZATION + "/SubjectAccessReview" -> AuthorizationDecoder.review(reader, object, kind);
            default ->
                throw new ProtobufBodyException("protobuf bodies are understood for Secret, ConfigMap, Namespace,"
                        + " the RBAC kinds and access reviews only, not " + apiVersion + " " + kind
                        + "; send application/json");
        }
        return object.toString();
    }

    private static void secret(ProtoReader reader, ObjectNode secret) throws ProtobufBodyException {
        while (reader.hasMore()) {
            int tag = reader.tag();
            switch (tag >>> 3) {
                case 1 -> secret.set("metadata", ObjectMetaDecoder.decode(reader.message()));
                case 2 -> mapEntry(reader.message(), secret.withObjectProperty("data"), true);
                case 3 -> secret.put("type", reader.string());
                case 4 -> mapEntry(reader.message(), secret.withObjectProperty("stringData"), false);
                case 5 -> secret.put("immutable", reader.varint() != 0);
                default -> reader.skip(tag);
            }
        }
    }

    private static void configMap(ProtoReader reader, ObjectNode configMap) throws ProtobufBodyException {
        while (reader.hasMore()) {
            int tag = reader.tag();
            switch (tag >>> 3) {
                case 1 -> configMap.set("metadata", ObjectMetaDecoder.decode(reader.message()));
                case 2 -> mapEntry(reader.message(), configMap.withObjectProperty("data"), false);
                case 3 -> mapEntry(reader.message(), configMap.withObjectProperty("binaryData"), true);
                case 4 -> configMap.put("immutable", reader.varint() != 0);
                default -> reader.skip(tag);
            }
        }
    }

    private static void namespace(ProtoReader reader, ObjectNode namespace) throws ProtobufBodyException {
        while (reader.hasMore()) {
            int tag = reader.tag();
            switch (tag >>> 3) {
                case 1 -> namespace.set("metadata", ObjectMetaDecoder.decode(reader.message()));
                case 2 -> {
                    ProtoReader spec = reader.message();
                    ArrayNode finalizers = JSON.createArrayNode();
                    while (spec.hasMore()) {
                        int inner = spec.tag();
                        if (inner >>> 3 == 1) {
                            finalizers.add(spec.string());
                        } else {
                            spec.skip(inner);
                        }
                    }
                    if (!finalizers.isEmpty()) {
                        namespace.putObject("spec").set("finalizers", finalizers);
                    }
                }
                default -> reader.skip(tag);
            }
        }
    }

    /** One map entry (1: key, 2: value); bytes values become base64 as in JSON. */
    static void mapEntry(ProtoReader entry, ObjectNode into, boolean bytesValue) throws ProtobufBodyException {
        String key = "";
        String value = "";
        while (entry.hasMore()) {
            int tag = entry.tag();
            switch (tag >>> 3) {
                case 1 -> key = entry.string();
                case 2 ->
                    value = bytesValue ? Base64.getEncoder().encodeToString(entry.lengthDelimited()) : entry.string();
                default -> entry.skip(tag);
            }
        }
        into.put(key, value);
    }
}
