package dev.hpcenv.slurm.auth;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How the bridge authenticates to slurmrestd: with the site's JWT signing key (tokens minted for any
 * user, renewed before expiry) or with a fixed token. Neither {@code toString()} nor any exception
 * shows the secret.
 */
public sealed interface SlurmCredentials permits SlurmCredentials.JwtSigningKey, SlurmCredentials.StaticToken {

    /** Default lifetime of minted tokens, as {@code scontrol token} uses. */
    Duration DEFAULT_LIFESPAN = Duration.ofMinutes(30);

    /** A token source for requests made as {@code user}. */
    TokenSource tokenSource(String user);

    /** Reads a jwt_hs256.key file; a missing or unreadable file is a one-line error naming it. */
    static SlurmCredentials jwtKeyFile(Path file, Duration lifespan) {
        byte[] key;
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("JWT key file " + file + " is a directory; give the key file itself"
                    + " (AuthAltParameters=jwt_key=... in slurm.conf, e.g. /var/spool/slurm/jwt_hs256.key)");
        }
        try {
            key = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("JWT key file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("JWT key file " + file + " is not readable by this user"
                    + " (it is usually owned by SlurmUser, mode 0600)");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "JWT key file " + file + " cannot be read (I/O error: " + e.getMessage() + ")");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("JWT key file " + file + " is empty");
        }
        return new JwtSigningKey(key, lifespan);
    }

    static SlurmCredentials jwtKey(byte[] key, Duration lifespan) {
        return new JwtSigningKey(key, lifespan);
    }

    static SlurmCredentials token(String token) {
        return new StaticToken(token);
    }

    /** The site's HS256 key (AuthAltParameters=jwt_key=...). */
    final class JwtSigningKey implements SlurmCredentials {
        private final byte[] key;
        private final Duration lifespan;
        private final Clock clock;

        JwtSigningKey(byte[] key, Duration lifespan) {
            this(key, lifespan, Clock.systemUTC());
        }

        JwtSigningKey(byte[] key, Duration lifespan, Clock clock) {
            if (key == null || key.length == 0) {
                throw new IllegalArgumentException("the JWT signing key is empty");
            }
            if (lifespan == null || lifespan.compareTo(Duration.ofSeconds(30)) < 0) {
                throw new IllegalArgumentException("token lifespan must be at least 30 seconds, got " + lifespan);
            }
            this.key = key.clone();
            this.lifespan = lifespan;
            this.clock = clock;
        }

        @Override
        public TokenSource tokenSource(String user) {
            return new MintingTokenSource(new Hs256JwtSigner(key), user, lifespan, clock);
        }

        @Override
        public String toString() {
            return "JwtSigningKey[key=<redacted>, lifespan=" + lifespan + "]";
        }
    }

    /** A fixed token; it stops working when it expires. */
    final class StaticToken implements SlurmCredentials {
        private final String token;

        StaticToken(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("the Slurm token is empty");
            }
            String trimmed = token.strip();
            // Accept the `scontrol token` output as is.
            this.token = trimmed.startsWith("SLURM_JWT=") ? trimmed.substring("SLURM_JWT=".length()) : trimmed;
        }

        @Override
        public TokenSource tokenSource(String user) {
            return new StaticTokenSource(token);
        }

        @Override
        public String toString() {
            return "StaticToken[<redacted>]";
        }
    }
}
