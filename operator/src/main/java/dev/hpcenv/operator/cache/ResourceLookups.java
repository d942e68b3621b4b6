package dev.hpcenv.operator.cache;

import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.environment.EnvironmentLookup;
import java.util.List;
import java.util.Optional;

/** Reads the kinds an HpcJob depends on: informer caches in the operator, maps in unit tests. */
public interface ResourceLookups extends EnvironmentLookup {

    Optional<SlurmCluster> slurmCluster(String name);

    /** Every SlurmCluster, for the placement of jobs that select clusters by label. */
    List<SlurmCluster> slurmClusters();
    /**
     * Another HpcJob of a namespace, for spec.dependsOn; empty where no HpcJob cache exists (then every
     * dependency reads as missing and is waited for).
     */
    default Optional<HpcJob> hpcJob(String namespace, String name) {
        return Optional.empty();
    }
}
