package dev.hpcenv.operator.reading;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored objects of the operator's kinds that could not be read as the model says (a number past
 * int32, a string where an object belongs): an API server that enforced an older schema, or none,
 * can hold them. Each is taken into the caches without its spec, and its reconciler shows this
 * entry's message as the reason it does nothing, so that one such object never stops the informers
 * that serve every other one. Keyed by UID.
 */
public final class UnreadableResources {

    /**
     * @param field           the JSON path of the value that could not be read, e.g. spec.resources.cpusPerTask
     * @param resourceVersion the version that could not be read
     */
    public record Unreadable(String field, String message, String resourceVersion) {

        /** One line for a condition: the field, what is wrong, and a hint. */
        public String problem() {
            return field + ": " + message + " (the operator cannot read this object and ignores it until it "
                    + "is fixed; hint: kubectl edit, or delete and apply it again)";
        }
    }

    private final Map<String, Unreadable> byUid = new ConcurrentHashMap<>();

    /**
     * @return true when this is news (a new object, or another problem than before), worth one log
     *         line; the operator's own status writes make new versions with the same problem
     */
    boolean record(String uid, Unreadable unreadable) {
        Unreadable before = byUid.put(uid, unreadable);
        return before == null
                || !before.field().equals(unreadable.field())
                || !before.message().equals(unreadable.message());
    }

    /** The object is gone. */
    public void forget(String uid) {
        if (uid != null && !byUid.isEmpty()) {
            byUid.remove(uid);
        }
    }

    /**
     * A version of the object was read: another than the unreadable one means the object was fixed.
     * The same one is a copy of the spec-less object (java-operator-sdk clones what it hands to a
     * reconcile through JSON), which must keep its entry.
     */
    void readable(String uid, String resourceVersion) {
        if (uid != null && !byUid.isEmpty()) {
            byUid.computeIfPresent(
                    uid, (k, u) -> java.util.Objects.equals(u.resourceVersion(), resourceVersion) ? u : null);
        }
    }

    /**
     * Why the object could not be read, if its latest version seen could not. By UID, not version: a
     * reconcile may get an older spec-less copy from the cache while a newer one was just read.
     */
    public Optional<Unreadable> of(io.fabric8.kubernetes.api.model.HasMetadata object) {
        if (byUid.isEmpty()
                || object.getMetadata() == null
                || object.getMetadata().getUid() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byUid.get(object.getMetadata().getUid()));
    }

    public int size() {
        return byUid.size();
    }
}
