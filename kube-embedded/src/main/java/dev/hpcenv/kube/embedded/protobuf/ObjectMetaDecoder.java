package dev.hpcenv.kube.embedded.protobuf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code metav1.ObjectMeta} from protobuf: the fields a client sets on create (name, generateName,
 * namespace, labels, annotations, finalizers). Server-set fields are ignored: the store sets them.
 */
final class ObjectMetaDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ObjectMetaDecoder() {}

    static ObjectNode decode(ProtoReader reader) throws ProtobufBodyException {
        ObjectNode metadata = JSON.createObjectNode();
        while (reader.hasMore()) {
            int tag = reader.tag();
            switch (tag >>> 3) {
                case 1 -> metadata.put("name", reader.string());
                case 2 -> metadata.put("generateName", reader.string());
                case 3 -> metadata.put("namespace", reader.string());
                case 11 -> ProtobufBodies.mapEntry(reader.message(), metadata.withObjectProperty("labels"), false);
                case 12 -> ProtobufBodies.mapEntry(reader.message(), metadata.withObjectProperty("annotations"), false);
                case 14 -> metadata.withArrayProperty("finalizers").add(reader.string());
                default -> reader.skip(tag);
            }
        }
        return metadata;
    }
}
