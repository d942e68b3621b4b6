package dev.hpcenv.operator.sync;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What this operator process submitted to one cluster, by HpcJob UID. It closes the gap between a
 * submit and the next listing: the job id is known here at once, even when writing it to the
 * HpcJob's status failed. After a restart it is empty, which is why a listing must complete before
 * anything is submitted.
 */
public final class SubmitLedger {

    private final ConcurrentMap<String, Long> submitted = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> uncertain = new ConcurrentHashMap<>();

    public void submitted(String uid, long jobId) {
        submitted.put(uid, jobId);
        uncertain.remove(uid);
    }

    /** A submit whose outcome is unknown: nothing may be submitted for {@code uid} until a later listing. */
    public void uncertain(String uid, Instant since) {
        uncertain.put(uid, since);
    }

    public Optional<Long> submittedJob(String uid) {
        return Optional.ofNullable(submitted.get(uid));
    }

    public Optional<Instant> uncertainSince(String uid) {
        return Optional.ofNullable(uncertain.get(uid));
    }

    /** Forgets an HpcJob (deleted, or its job retired by suspend). */
    public void forget(String uid) {
        submitted.remove(uid);
        uncertain.remove(uid);
    }
}
