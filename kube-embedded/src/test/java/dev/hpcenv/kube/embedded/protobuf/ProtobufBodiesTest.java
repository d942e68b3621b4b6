package dev.hpcenv.kube.embedded.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A minimal protobuf writer, enough to build what kubectl create sends. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(long value) {
            while ((value & ~0x7fL) != 0) {
                out.write((int) ((value & 0x7f) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            varint((long) field << 3 | 2).varint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.out.toByteArray());
        }

        Proto bool(int field, boolean value) {
            return varint((long) field << 3).varint(value ? 1 : 0);
        }

        byte[] withMagic() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(new byte[] {0x6b, 0x38, 0x73, 0x00});
            all.writeBytes(out.toByteArray());
            return all.toByteArray();
        }
    }

    private static Proto envelope(String kind, Proto object) {
        return new Proto()
                .message(1, new Proto().string(1, "v1").string(2, kind))
                .message(2, object)
                .string(4, "application/vnd.kubernetes.protobuf");
    }

    @Test
    void decodesASecretAsKubectlCreateSendsIt() throws Exception {
        // Given
        Proto metadata = new Proto()
                .string(1, "slurm-jwt")
                .string(3, "team-a")
                .message(11, new Proto().string(1, "app").string(2, "hpcenv"))
                .varint(7 << 3)
                .varint(3);
        Proto secret = new Proto()
                .message(1, metadata)
                .message(2, new Proto().string(1, "key").bytes(2, new byte[] {0, (byte) 0xff}))
                .string(3, "Opaque")
                .bool(5, true);
        // When
        JsonNode json =
                JSON.readTree(ProtobufBodies.toJson(envelope("Secret", secret).withMagic()));
        // Then
        assertThat(json).isEqualTo(JSON.readTree("""
                {"apiVersion":"v1","kind":"Secret",
                 "metadata":{"name":"slurm-jwt","namespace":"team-a","labels":{"app":"hpcenv"}},
                 "data":{"key":"AP8="},"type":"Opaque","immutable":true}"""));
    }

    @Test
    void decodesNamespacesAndConfigMaps() throws Exception {
        JsonNode namespace = JSON.readTree(ProtobufBodies.toJson(envelope(
                        "Namespace", new Proto().message(1, new Proto().string(1, "team-b")))
                .withMagic()));
        JsonNode configMap = JSON.readTree(ProtobufBodies.toJson(envelope(
                        "ConfigMap",
                        new Proto()
                                .message(1, new Proto().string(1, "cm"))
                                .message(2, new Proto().string(1, "k").string(2, "v")))
                .withMagic()));

        assertThat(namespace.at("/metadata/name").asText()).isEqualTo("team-b");
        assertThat(configMap.at("/data/k").asText()).isEqualTo("v");
    }

    @Test
    void refusesOtherKindsAndBrokenBodiesWithAMessage() {
        assertThatThrownBy(() -> ProtobufBodies.toJson(
                        envelope("ServiceAccount", new Proto()).withMagic()))
                .isInstanceOf(ProtobufBodyException.class)
                .hasMessageContaining("send application/json");
        assertThatThrownBy(() -> ProtobufBodies.toJson("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtobufBodyException.class)
                .hasMessageContaining("magic");
        byte[] truncated = envelope("Secret", new Proto().string(3, "Opaque")).withMagic();
        assertThatThrownBy(() -> ProtobufBodies.toJson(java.util.Arrays.copyOf(truncated, truncated.length - 3)))
                .isInstanceOf(ProtobufBodyException.class);
    }
}
