package dev.hpcenv.operator.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * The listing side of one cluster: the latest complete listing and the current failure, if any.
 * Written by {@link ClusterJobSync} only; read by reconcilers.
 */
public final class SyncState {

    /** A run of failed listings. */
    public record Failure(String message, String kind, int consecutive, Instant since) {}

    private volatile JobListing latest;
    private volatile Failure failure;

    public Optional<JobListing> latest() {
        return Optional.ofNullable(latest);
    }

    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    void succeeded(JobListing listing) {
        latest = listing;
        failure = null;
    }

    void failed(String message, String kind, Instant now) {
        Failure old = failure;
        failure = new Failure(message, kind, old == null ? 1 : old.consecutive() + 1, old == null ? now : old.since());
    }
}
