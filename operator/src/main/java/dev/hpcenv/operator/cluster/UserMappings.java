package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.v1alpha1.SlurmClusterSpec;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import java.util.Optional;

/** The admins' namespace to Slurm user mapping of a SlurmCluster. Users have no say in it. */
public final class UserMappings {

    private UserMappings() {}

    public static Optional<UserMapping> forNamespace(SlurmClusterSpec spec, String namespace) {
        if (spec == null || namespace == null) {
            return Optional.empty();
        }
        return spec.getUserMappings().stream()
                .filter(m -> namespace.equals(m.getNamespace())
                        && m.getUser() != null
                        && !m.getUser().isBlank())
                .findFirst();
    }
}
