package dev.hpcenv.operator.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code sha256:<hex>} of the resolved environment's JSON. Field order is fixed by the model; map
 * entries (env, annotations) are digested sorted by key, because the order of an object's keys is
 * the API server's: a real one returns a custom resource's maps sorted, the embedded one as written,
 * and the same environment must have the same digest on either.
 */
public final class EnvironmentDigest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private EnvironmentDigest() {}

    public static String of(ResolvedEnvironment environment) {
        try {
            byte[] bytes = CANONICAL.writeValueAsBytes(environment);
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resolved environment could not be written as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** JSON text of the resolved environment, as hpcenv-shim --spec-env reads it. */
    public static String json(ResolvedEnvironment environment) {
        try {
            return new String(JSON.writeValueAsBytes(environment), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resolved environment could not be written as JSON", e);
        }
    }
}
