package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.common.ConditionReasons;
import dev.hpcenv.slurm.SlurmException;
import java.util.List;
import java.util.Optional;

/** What one check of a cluster found. */
public sealed interface ClusterProbe {

    /**
     * @param offeredApiVersions what the server offers, oldest first, including versions the operator does
     *                           not speak
     * @param deprecation        why the server's release deprecates {@code apiVersion}, one line; empty when it
     *                           does not
     */
    record Healthy(
            String slurmVersion,
            String apiVersion,
            List<String> offeredApiVersions,
            Optional<String> deprecation,
            List<String> partitions)
            implements ClusterProbe {
        public Healthy {
            offeredApiVersions = List.copyOf(offeredApiVersions);
            partitions = List.copyOf(partitions);
        }
    }

    /** @param reason a ConditionReasons.Cluster value */
    record Broken(String reason, String message) implements ClusterProbe {}

    /** The condition reason for a slurmrestd failure. */
    static Broken of(SlurmException e) {
        String reason = switch (e.kind()) {
            case AUTHENTICATION -> ConditionReasons.Cluster.AUTHENTICATION_FAILED;
            case UNSUPPORTED_VERSION -> ConditionReasons.Cluster.UNSUPPORTED_API_VERSION;
            default -> ConditionReasons.Cluster.UNREACHABLE;
        };
        return new Broken(reason, e.getMessage());
    }
}
