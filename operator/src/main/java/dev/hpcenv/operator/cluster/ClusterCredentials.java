package dev.hpcenv.operator.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpcenv.crd.v1alpha1.SlurmAuth;
import dev.hpcenv.slurm.auth.SlurmCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The credentials of one SlurmCluster, read from its Secret. {@link #fingerprint()} changes when the
 * secret value does, so a rotated key replaces the connection; it is a hash, never the value.
 *
 * @param staticTokenUser for a static token, the Slurm user it was issued to (its {@code sun} claim),
 *                        because every job then runs as that user; empty for a signing key
 */
public record ClusterCredentials(SlurmCredentials credentials, Optional<String> staticTokenUser, String fingerprint) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ClusterCredentials from(SlurmAuth auth, byte[] secretValue) {
        String fingerprint = sha256(secretValue);
        if (auth.getJwtKeySecretRef() != null) {
            int lifespan = auth.getJwtLifespanSeconds() == null ? 1800 : auth.getJwtLifespanSeconds();
            return new ClusterCredentials(
                    SlurmCredentials.jwtKey(secretValue, Duration.ofSeconds(lifespan)),
                    Optional.empty(),
                    fingerprint + "/" + lifespan);
        }
        String token = new String(secretValue, StandardCharsets.UTF_8).strip();
        return new ClusterCredentials(SlurmCredentials.token(token), tokenUser(token), fingerprint);
    }

    /** The {@code sun} claim of an unverified JWT (slurmrestd verifies it; we only need the name). */
    static Optional<String> tokenUser(String token) {
        String bare = token.startsWith("SLURM_JWT=") ? token.substring("SLURM_JWT=".length()) : token;
        String[] parts = bare.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode sun = claims.get("sun");
            return sun != null && sun.isTextual() && !sun.asText().isBlank()
                    ? Optional.of(sun.asText())
                    : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterCredentials[" + credentials + ", staticTokenUser=" + staticTokenUser.orElse("-") + "]";
    }
}
