package dev.hpcenv.shim.logship;

/** Pauses between tries of one batch: 100 ms, doubling, at most 5 s; back to 100 ms after a delivery. */
final class Backoff {
    static final long FIRST_MILLIS = 100;
    static final long MAX_MILLIS = 5_000;
    private long current;

    long next() {
        current = current == 0 ? FIRST_MILLIS : Math.min(current * 2, MAX_MILLIS);
        return current;
    }

    void reset() {
        current = 0;
    }
}
