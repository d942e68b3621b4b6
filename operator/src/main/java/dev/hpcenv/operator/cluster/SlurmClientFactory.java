package dev.hpcenv.operator.cluster;

import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClientConfig;
import dev.hpcenv.slurm.SlurmClients;

/** Makes the slurm-bridge client for one cluster and user; tests hand in a fake Slurm here. */
@FunctionalInterface
public interface SlurmClientFactory {

    /** @throws dev.hpcenv.slurm.SlurmException when the API version must be detected and cannot be */
    SlurmClient connect(SlurmClientConfig config);

    SlurmClientFactory REST = SlurmClients::connect;
}
