package dev.hpcenv.slurm.auth;

/** Supplies the token for the X-SLURM-USER-TOKEN header. Implementations are thread-safe. */
public interface TokenSource {

    /** A token that is valid now. */
    String token();

    /** Forgets the current token so the next {@link #token()} gets a fresh one (when it can). */
    void invalidate();

    /** True when {@link #invalidate()} can produce a different token (a minting source). */
    boolean canRefresh();
}
