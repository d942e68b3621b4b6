package dev.hpcenv.slurm.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the HS256 JSON Web Tokens that Slurm's auth/jwt plugin accepts: claims {@code iat},
 * {@code exp} and {@code sun} (the Slurm user name), signed with the site's jwt_hs256.key. A dozen
 * lines of JDK code instead of a JWT library.
 */
public final class Hs256JwtSigner {

    private static final String HEADER =
            base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final byte[] key;

    public Hs256JwtSigner(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("the JWT signing key is empty");
        }
        this.key = key.clone();
    }

    /** A token for {@code user}, valid from {@code issuedAt} until {@code expiresAt}. */
    public String sign(String user, Instant issuedAt, Instant expiresAt) {
        String claims = "{\"exp\":" + expiresAt.getEpochSecond()
                + ",\"iat\":" + issuedAt.getEpochSecond()
                + ",\"sun\":" + jsonString(user) + "}";
        String signingInput = HEADER + "." + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + base64Url(hmac(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private byte[] hmac(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            // Every Java runtime ships HmacSHA256; reaching this means a broken JDK, not bad input.
            throw new IllegalStateException("HmacSHA256 is not available in this Java runtime", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Minimal JSON string encoding; user names are plain, but quote and escape properly anyway. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return "Hs256JwtSigner[key=<redacted>]";
    }
}
