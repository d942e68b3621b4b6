package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.status.ConditionsView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Indexes of the HpcJob cache, so that a change of a cluster, an environment or a listing wakes
 * exactly the HpcJobs that depend on it without scanning every job.
 */
public final class JobIndexes {

    public static final String BY_CLUSTER = "hpcenv-cluster";
    public static final String BY_ENVIRONMENT = "hpcenv-environment";
    /** By metadata.uid: the shims' reports name the job by its UID only. */
    public static final String BY_UID = "hpcenv-uid";

    private JobIndexes() {}

    public static Map<String, Function<HpcJob, List<String>>> all() {
        return Map.of(
                BY_CLUSTER,
                JobIndexes::cluster,
                BY_ENVIRONMENT,
                JobIndexes::environments,
                BY_UID,
                job -> job.getMetadata().getUid() == null
                        ? List.of()
                        : List.of(job.getMetadata().getUid()));
    }

    static List<String> cluster(HpcJob job) {
        HpcJobSpec spec = job.getSpec();
        return spec == null
                        || spec.getClusterRef() == null
                        || spec.getClusterRef().getName() == null
                ? List.of()
                : List.of(spec.getClusterRef().getName());
    }

    /** Keys of every environment the job's own environment may be resolved from. */
    static List<String> environments(HpcJob job) {
        HpcJobSpec spec = job.getSpec();
        List<String> keys = new ArrayList<>();
        if (spec == null) {
            return keys;
        }
        String namespace = job.getMetadata().getNamespace();
        if (spec.getEnvironmentRef() != null) {
            if (spec.getEnvironmentRef().getKind() == EnvironmentKind.CLUSTER_HPC_ENVIRONMENT) {
                keys.add(clusterKey(spec.getEnvironmentRef().getName()));
            } else {
                keys.add(namespacedKey(namespace, spec.getEnvironmentRef().getName()));
            }
        }
        if (spec.getEnvironment() != null) {
            for (String base : spec.getEnvironment().getBaseEnvironments()) {
                keys.add(namespacedKey(namespace, base));
                keys.add(clusterKey(base));
            }
        }
        return keys;
    }

    /** True when a SlurmCluster update may change what its HpcJobs decide: a new spec or a new Ready status. */
    public static boolean clusterChangeConcernsJobs(SlurmCluster updated, SlurmCluster old) {
        if (!Objects.equals(
                updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())) {
            return true;
        }
        return !Objects.equals(readyStatus(updated), readyStatus(old));
    }

    private static String readyStatus(SlurmCluster cluster) {
        return cluster.getStatus() == null
                ? null
                : ConditionsView.find(cluster.getStatus().getConditions(), ConditionType.READY)
                        .map(Condition::getStatus)
                        .orElse(null);
    }

    public static String namespacedKey(String namespace, String name) {
        return "ns:" + namespace + "/" + name;
    }

    public static String clusterKey(String name) {
        return "cluster:" + name;
    }
}
