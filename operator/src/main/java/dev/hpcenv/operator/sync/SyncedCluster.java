package dev.hpcenv.operator.sync;

import dev.hpcenv.slurm.SlurmClient;
import java.time.Duration;

/** What {@link ClusterJobSync} needs of a connected cluster. */
public interface SyncedCluster {

    String name();

    /** The client that lists jobs (one listing serves every HpcJob of the cluster). */
    SlurmClient listingClient();

    Duration syncInterval();

    SyncState syncState();

    boolean isClosed();
}
