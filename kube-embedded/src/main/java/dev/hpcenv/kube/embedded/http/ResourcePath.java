package dev.hpcenv.kube.embedded.http;

import java.util.Optional;

/**
 * A resource URL taken apart: {@code /api/v1[/namespaces/NS]/PLURAL[/NAME[/SUBRESOURCE]]} or
 * {@code /apis/GROUP/VERSION[/namespaces/NS]/PLURAL[/NAME[/SUBRESOURCE]]}.
 *
 * @param group       "" for the core group
 * @param namespace   null when the URL names no namespace
 * @param name        null for a collection
 * @param subresource null, or "status"
 */
public record ResourcePath(
        String group, String version, String namespace, String plural, String name, String subresource) {

    public static Optional<ResourcePath> parse(String path) {
        String[] all = path.replaceAll("^/+|/+$", "").split("/");
        int next;
        String group;
        String version;
        if (all.length >= 3 && all[0].equals("api")) {
            group = "";
            version = all[1];
            next = 2;
        } else if (all.length >= 4 && all[0].equals("apis")) {
            group = all[1];
            version = all[2];
            next = 3;
        } else {
            return Optional.empty();
        }
        int rest = all.length - next;
        String namespace = null;
        // "namespaces/NS/PLURAL..." is a namespaced URL, unless the third part is a subresource
        // of the Namespace object itself (".../namespaces/NS/status").
        if (all[next].equals("namespaces")
                && rest >= 3
                && !all[next + 2].equals("status")
                && !all[next + 2].equals("finalize")) {
            namespace = all[next + 1];
            next += 2;
            rest -= 2;
        }
        if (rest > 3) {
            return Optional.empty();
        }
        return Optional.of(new ResourcePath(
                group,
                version,
                namespace,
                all[next],
                rest >= 2 ? all[next + 1] : null,
                rest == 3 ? all[next + 2] : null));
    }

    /** This path for the store: canonical, without query. */
    public String storePath() {
        StringBuilder path = new StringBuilder(group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version);
        if (namespace != null) {
            path.append("/namespaces/").append(namespace);
        }
        path.append('/').append(plural);
        if (name != null) {
            path.append('/').append(name);
        }
        if (subresource != null) {
            path.append('/').append(subresource);
        }
        return path.toString();
    }

    /** The collection this path belongs to. */
    public ResourcePath collection() {
        return new ResourcePath(group, version, namespace, plural, null, null);
    }

    public ResourcePath withName(String newName) {
        return new ResourcePath(group, version, namespace, plural, newName, null);
    }
}
