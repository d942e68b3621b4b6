package dev.hpcenv.kube.embedded.store;

import java.util.Comparator;

/**
 * One object within its kind. Ordered by namespace, then name: the order a real API server lists
 * in, so that listing needs no sort and one namespace is a contiguous range.
 *
 * @param namespace "" for cluster-scoped objects
 */
public record ObjectKey(String namespace, String name) implements Comparable<ObjectKey> {

    private static final Comparator<ObjectKey> ORDER =
            Comparator.comparing(ObjectKey::namespace).thenComparing(ObjectKey::name);

    /** The first key of a namespace. */
    static ObjectKey firstIn(String namespace) {
        return new ObjectKey(namespace, "");
    }

    /** The first key after every key of a namespace (names never contain NUL). */
    static ObjectKey after(String namespace) {
        return new ObjectKey(namespace + '\0', "");
    }

    @Override
    public int compareTo(ObjectKey other) {
        return ORDER.compare(this, other);
    }
}
