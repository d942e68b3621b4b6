package dev.hpcenv.kube.embedded.store;

import java.util.Optional;

/**
 * A canonical API path (no query) as the store reads it:
 * {@code /api/VERSION[/namespaces/NS]/PLURAL[/NAME[/status]]} or the same under {@code /apis/GROUP/VERSION}.
 *
 * @param namespace   null when the path names none
 * @param name        null for a collection
 * @param subresource null, or "status"
 */
record StorePath(KindKey kind, String namespace, String name, String subresource) {

    static Optional<StorePath> parse(String path) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        int next;
        KindKey kind;
        if (parts.length >= 3 && parts[0].equals("api")) {
            next = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            next = 3;
        } else {
            return Optional.empty();
        }
        int rest = parts.length - next;
        String namespace = null;
        // ".../namespaces/NS/status" is the Namespace object's own subresource, not a namespaced kind.
        if (parts[next].equals("namespaces")
                && rest >= 3
                && !parts[next + 2].equals("status")
                && !parts[next + 2].equals("finalize")) {
            namespace = parts[next + 1];
            next += 2;
            rest -= 2;
        }
        if (rest > 3) {
            return Optional.empty();
        }
        kind = parts[0].equals("api")
                ? new KindKey("", parts[1], parts[next])
                : new KindKey(parts[1], parts[2], parts[next]);
        return Optional.of(
                new StorePath(kind, namespace, rest >= 2 ? parts[next + 1] : null, rest == 3 ? parts[next + 2] : null));
    }

    boolean isStatus() {
        return "status".equals(subresource);
    }

    ObjectKey key() {
        return new ObjectKey(namespace == null ? "" : namespace, name);
    }
}
