package dev.hpcenv.kube.embedded.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SecretDefaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void foldsStringDataIntoBase64DataAndDropsIt() throws Exception {
        ObjectNode secret = (ObjectNode) JSON.readTree(
                "{\"data\":{\"a\":\"eA==\",\"b\":\"eQ==\"},\"stringData\":{\"b\":\"k\\u00e9y\",\"c\":\"z\"}}");

        SecretDefaults.apply(secret);

        assertThat(secret.toString())
                .isEqualTo("{\"data\":{\"a\":\"eA==\",\"b\":\"a8OpeQ==\",\"c\":\"eg==\"},\"type\":\"Opaque\"}");
    }

    @Test
    void keepsAnExplicitType() throws Exception {
        ObjectNode secret = (ObjectNode) JSON.readTree("{\"type\":\"kubernetes.io/tls\"}");

        SecretDefaults.apply(secret);

        assertThat(secret.get("type").asText()).isEqualTo("kubernetes.io/tls");
    }
}
