package dev.hpcenv.slurm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class Hs256JwtSignerTest {

    @Test
    void matchesATokenComputedIndependentlyWithOpenssl() {
        // printf '%s' "$header.$claims" | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef -binary |
        // base64url
        String expected = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
                + ".eyJleHAiOjE3MDAwMDM2MDAsImlhdCI6MTcwMDAwMDAwMCwic3VuIjoiaHBjdXNlciJ9"
                + ".zo_4vUDRCOPKmShXE9D7Hf5tLgZYbAwhWPOrmXB_7jY";
        Hs256JwtSigner signer =
                new Hs256JwtSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThat(signer.sign("hpcuser", Instant.ofEpochSecond(1_700_000_000L), Instant.ofEpochSecond(1_700_003_600L)))
                .isEqualTo(expected);
    }

    @Test
    void userNamesAreJsonEscaped() {
        assertThat(Hs256JwtSigner.jsonString("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
    }

    @Test
    void toStringHidesTheKey() {
        assertThat(new Hs256JwtSigner("supersecretkey".getBytes(StandardCharsets.US_ASCII)).toString())
                .doesNotContain("supersecret");
    }
}
