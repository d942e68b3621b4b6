package dev.hpcenv.slurm.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Mints tokens for one user from the signing key and reuses each until it nears expiry: a fresh one
 * is minted once less than a fifth of the lifespan (at most five minutes) is left, so a request
 * never leaves with a token that expires on the way.
 */
final class MintingTokenSource implements TokenSource {

    private final Hs256JwtSigner signer;
    private final String user;
    private final Duration lifespan;
    private final Duration refreshMargin;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    MintingTokenSource(Hs256JwtSigner signer, String user, Duration lifespan, Clock clock) {
        this.signer = signer;
        this.user = user;
        this.lifespan = lifespan;
        Duration fifth = lifespan.dividedBy(5);
        this.refreshMargin = fifth.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : fifth;
        this.clock = clock;
    }

    @Override
    public synchronized String token() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(refreshAt)) {
            // Slurm compares iat with its own clock; a little backdating tolerates skew between hosts.
            Instant expiresAt = now.plus(lifespan);
            token = signer.sign(user, now.minusSeconds(5), expiresAt);
            refreshAt = expiresAt.minus(refreshMargin);
        }
        return token;
    }

    @Override
    public synchronized void invalidate() {
        token = null;
    }

    @Override
    public boolean canRefresh() {
        return true;
    }

    @Override
    public String toString() {
        return "MintingTokenSource[user=" + user + ", lifespan=" + lifespan + ", token=<redacted>]";
    }
}
