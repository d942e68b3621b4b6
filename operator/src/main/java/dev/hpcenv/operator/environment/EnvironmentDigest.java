package dev.hpcenv.operator.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.model.ResolvedEnvironment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code sha256:<hex>} of the resolved environment's JSON (field order is fixed by the model). */
public final class EnvironmentDigest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvironmentDigest() {}

    public static String of(ResolvedEnvironment environment) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(environment);
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
