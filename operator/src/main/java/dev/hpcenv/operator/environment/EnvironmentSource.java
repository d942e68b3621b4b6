package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.v1alpha1.EnvironmentSpec;

/**
 * The environment being resolved: its spec, and where its bases are looked up.
 *
 * @param namespace null for a ClusterHpcEnvironment, whose bases are only cluster scoped
 * @param displayName names it in errors and in {@code status.resolved.bases}, e.g. {@code HpcEnvironment ml/pytorch}
 */
public record EnvironmentSource(String namespace, String displayName, EnvironmentSpec spec) {

    public static EnvironmentSource namespaced(String namespace, String name, EnvironmentSpec spec) {
        return new EnvironmentSource(namespace, "HpcEnvironment " + namespace + "/" + name, spec);
    }

    public static EnvironmentSource clusterScoped(String name, EnvironmentSpec spec) {
        return new EnvironmentSource(null, "ClusterHpcEnvironment " + name, spec);
    }
}
