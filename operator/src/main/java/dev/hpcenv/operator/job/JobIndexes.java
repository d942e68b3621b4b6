package dev.hpcenv.operator.job;

import dev.hpcenv.crd.common.Condition;
import dev.hpcenv.crd.common.ConditionType;
import dev.hpcenv.crd.v1alpha1.ClusterRef;
import dev.hpcenv.crd.v1alpha1.EnvironmentKind;
import dev.hpcenv.crd.v1alpha1.HpcJob;
import dev.hpcenv.crd.v1alpha1.HpcJobSpec;
import dev.hpcenv.crd.v1alpha1.SlurmCluster;
import dev.hpcenv.operator.status.ConditionsView;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Indexes of the HpcJob cache, so that a change of a cluster, an environment or a listing wakes
 * exactly the HpcJobs that depend on it without scanning every job.
 */
public final class JobIndexes {

    public static final String BY_CLUSTER = "hpcenv-cluster";
    /** The BY_CLUSTER key of unplaced jobs with a selector: any SlurmCluster's change may concern them. */
    public static final String ANY_CLUSTER = "*";

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

    /**
     * Once placed, the job's cluster (status.cluster) only; before, every candidate of spec.clusterRef, or
     * {@link #ANY_CLUSTER} for a selector (whether a cluster matches depends on its labels, which the job
     * does not carry).
     */
    static List<String> cluster(HpcJob job) {
        if (job.getStatus() != null && job.getStatus().getCluster() != null) {
            return List.of(job.getStatus().getCluster());
        }
        HpcJobSpec spec = job.getSpec();
        ClusterRef ref = spec == null ? null : spec.getClusterRef();
        if (ref == null) {
            return List.of();
        }
        if (ref.getName() != null) {
            return List.of(ref.getName());
        }
        if (ref.getNames() != null) {
            return ref.getNames().stream().filter(Objects::nonNull).distinct().toList();
        }
        return ref.getSelector() == null ? List.of() : List.of(ANY_CLUSTER);
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

    /**
     * True when a SlurmCluster update may change what its HpcJobs decide: a new spec, a new Ready status,
     * or new labels (a selector may match it now, or no more).
     */
    public static boolean clusterChangeConcernsJobs(SlurmCluster updated, SlurmCluster old) {
        if (!Objects.equals(
                updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())) {
            return true;
        }
        if (!Objects.equals(
                labels(updated.getMetadata().getLabels()),
                labels(old.getMetadata().getLabels()))) {
            return true;
        }
        return !Objects.equals(readyStatus(updated), readyStatus(old));
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    /** The HpcJobs a SlurmCluster's change may concern: those on it or offered it, and unplaced selector jobs. */
    public static Set<HpcJob> concernedBy(IndexerResourceCache<HpcJob> jobs, String cluster) {
        Set<HpcJob> concerned = new HashSet<>(jobs.byIndex(BY_CLUSTER, cluster));
        concerned.addAll(jobs.byIndex(BY_CLUSTER, ANY_CLUSTER));
        return concerned;
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
