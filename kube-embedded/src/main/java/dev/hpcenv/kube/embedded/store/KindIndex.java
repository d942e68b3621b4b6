package dev.hpcenv.kube.embedded.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The objects of one kind, sorted by namespace and name. Single-object reads take no lock; a commit
 * holds the write lock only to swap one entry, and a listing holds the read lock only to copy
 * references, so that a listing is a consistent snapshot of this kind (see {@link Listing}).
 */
final class KindIndex {

    private final ConcurrentSkipListMap<ObjectKey, StoredObject> objects = new ConcurrentSkipListMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    StoredObject get(ObjectKey key) {
        return objects.get(key);
    }

    /** Runs a commit of this kind; nothing lists this kind meanwhile. */
    <T> T committing(Supplier<T> commit) {
        lock.writeLock().lock();
        try {
            return commit.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    void put(ObjectKey key, StoredObject object) {
        objects.put(key, object);
    }

    void remove(ObjectKey key) {
        objects.remove(key);
    }

    /**
     * The objects of a namespace (null: all), with the store's resourceVersion read while no
     * commit of this kind can run.
     */
    Listing list(String namespace, LongSupplier currentVersion) {
        lock.readLock().lock();
        try {
            Collection<StoredObject> selected = namespace == null
                    ? objects.values()
                    : objects.subMap(ObjectKey.firstIn(namespace), ObjectKey.after(namespace))
                            .values();
            List<JsonNode> items = new ArrayList<>(selected.size());
            selected.forEach(object -> items.add(object.node()));
            return new Listing(currentVersion.getAsLong(), List.copyOf(items));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Keys of a namespace (null: all), for deleting a collection one object at a time. */
    List<ObjectKey> keys(String namespace) {
        return List.copyOf(
                namespace == null
                        ? objects.keySet()
                        : objects.subMap(ObjectKey.firstIn(namespace), ObjectKey.after(namespace))
                                .keySet());
    }
}
