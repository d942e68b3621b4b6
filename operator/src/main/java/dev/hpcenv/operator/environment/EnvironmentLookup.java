package dev.hpcenv.operator.environment;

import dev.hpcenv.crd.v1alpha1.ClusterHpcEnvironment;
import dev.hpcenv.crd.v1alpha1.HpcEnvironment;
import java.util.Optional;
import java.util.Set;

/** Where base environments are looked up: the informer caches in the operator, maps in tests. */
public interface EnvironmentLookup {

    Optional<HpcEnvironment> namespaced(String namespace, String name);

    Optional<ClusterHpcEnvironment> clusterScoped(String name);

    /** The names in every SlurmCluster's {@code spec.nodeVariables}: what the sites' shims define on the nodes. */
    default Set<String> siteVariables() {
        return Set.of();
    }
}
