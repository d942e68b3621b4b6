package dev.hpcenv.operator.cluster;

import dev.hpcenv.operator.sync.ClusterJobSync;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connected SlurmClusters by name. The SlurmCluster reconciler puts and removes; HpcJob
 * reconcilers read. A new connection is handed to the sync at once, so its first listing starts
 * before any HpcJob could submit to it.
 */
public final class ClusterRegistry implements AutoCloseable {

    private final ConcurrentMap<String, ClusterConnection> connections = new ConcurrentHashMap<>();
    private final ClusterJobSync sync;

    public ClusterRegistry(ClusterJobSync sync) {
        this.sync = sync;
    }

    public Optional<ClusterConnection> get(String cluster) {
        return Optional.ofNullable(connections.get(cluster));
    }

    /** Installs {@code connection}, replacing (and closing) the previous one of that cluster. */
    public void put(ClusterConnection connection) {
        ClusterConnection old = connections.put(connection.name(), connection);
        if (old != null && old != connection) {
            old.close();
        }
        sync.track(connection);
    }

    public void remove(String cluster) {
        ClusterConnection old = connections.remove(cluster);
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() {
        connections.values().forEach(ClusterConnection::close);
        connections.clear();
    }
}
