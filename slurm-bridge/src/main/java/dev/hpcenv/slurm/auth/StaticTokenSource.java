package dev.hpcenv.slurm.auth;

/** A token given by the site (e.g. from {@code scontrol token}); it cannot be renewed here. */
final class StaticTokenSource implements TokenSource {

    private final String token;

    StaticTokenSource(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public void invalidate() {
        // Nothing to renew: the next request fails the same way and reports it.
    }

    @Override
    public boolean canRefresh() {
        return false;
    }

    @Override
    public String toString() {
        return "StaticTokenSource[token=<redacted>]";
    }
}
