package dev.hpcenv.slurm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MintingTokenSourceTest {

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final SlurmCredentials credentials = new SlurmCredentials.JwtSigningKey(
            "k".repeat(32).getBytes(StandardCharsets.US_ASCII), Duration.ofMinutes(30), clock);

    @Test
    void reusesTheTokenUntilItNearsExpiryThenMintsANewOne() {
        TokenSource source = credentials.tokenSource("hpcuser");
        String first = source.token();
        clock.now = clock.now.plus(Duration.ofMinutes(20));
        assertThat(source.token()).isEqualTo(first);
        // 30 min lifespan: renewed once less than 5 min (a fifth, capped at 5 min) is left.
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        String second = source.token();
        assertThat(second).isNotEqualTo(first);
        assertThat(claims(second))
                .contains("\"exp\":" + clock.now.plus(Duration.ofMinutes(30)).getEpochSecond());
    }

    @Test
    void tokensCarryTheUserAndABackdatedIssueTime() {
        String claims = claims(credentials.tokenSource("alice").token());
        assertThat(claims).contains("\"sun\":\"alice\"").contains("\"iat\":" + (clock.now.getEpochSecond() - 5));
    }

    @Test
    void invalidateForcesANewToken() {
        TokenSource source = credentials.tokenSource("hpcuser");
        String first = source.token();
        clock.now = clock.now.plusSeconds(1);
        source.invalidate();
        assertThat(source.token()).isNotEqualTo(first);
        assertThat(source.canRefresh()).isTrue();
    }

    @Test
    void noSecretInToString() {
        TokenSource source = credentials.tokenSource("hpcuser");
        String token = source.token();
        assertThat(source.toString()).doesNotContain(token).doesNotContain("kkkk");
        assertThat(credentials.toString()).doesNotContain("kkkk");
        assertThat(SlurmCredentials.token("abc.def.ghi").toString()).doesNotContain("abc.def");
    }

    @Test
    void staticTokenAcceptsScontrolOutput() {
        assertThat(SlurmCredentials.token("SLURM_JWT=abc.def.ghi\n")
                        .tokenSource("u")
                        .token())
                .isEqualTo("abc.def.ghi");
    }

    private static String claims(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
