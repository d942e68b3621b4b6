package dev.hpcenv.kube.embedded.store;

/** The watch event types of the Kubernetes API, for changes to stored objects. */
public enum ChangeType {
    ADDED,
    MODIFIED,
    DELETED
}
