package dev.hpcenv.kube.embedded.store;

/**
 * One kind of stored object, as the API addresses it. Objects are indexed per kind, so that reading
 * one kind never looks at another (core/v1 Events and events.k8s.io/v1 Events stay apart).
 *
 * @param group "" for the core group
 */
public record KindKey(String group, String version, String plural) {}
