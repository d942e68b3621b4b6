package dev.hpcenv.kube.embedded.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * What the API server does to every Secret written: {@code type} defaults to Opaque, and
 * {@code stringData}, which is write-only, is folded into {@code data} (base64, winning over data's
 * own keys) and never stored. Clients such as the operator read {@code data} only.
 */
public final class SecretDefaults {

    private SecretDefaults() {}

    /** Applies the defaults in place; returns the same object. */
    public static ObjectNode apply(ObjectNode secret) {
        if (secret.path("type").asText("").isEmpty()) {
            secret.put("type", "Opaque");
        }
        JsonNode stringData = secret.remove("stringData");
        if (stringData == null || !stringData.isObject()) {
            return secret;
        }
        ObjectNode data = secret.get("data") instanceof ObjectNode existing ? existing : secret.putObject("data");
        Iterator<Map.Entry<String, JsonNode>> entries = stringData.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            byte[] bytes = entry.getValue().asText().getBytes(StandardCharsets.UTF_8);
            data.put(entry.getKey(), Base64.getEncoder().encodeToString(bytes));
        }
        return secret;
    }
}
