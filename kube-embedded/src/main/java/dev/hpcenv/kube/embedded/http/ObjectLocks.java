package dev.hpcenv.kube.embedded.http;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks striped over objects, so that a PATCH's read-modify-write cannot interleave with another
 * write to the same object while writes to different objects run in parallel.
 */
final class ObjectLocks {

    private static final int STRIPES = 64;

    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    ObjectLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Locks the object at {@code path} until the returned handle is closed. */
    Held lock(ResourcePath path) {
        ReentrantLock lock =
                stripes[Math.floorMod(path.withName(path.name()).storePath().hashCode(), STRIPES)];
        lock.lock();
        return lock::unlock;
    }

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
