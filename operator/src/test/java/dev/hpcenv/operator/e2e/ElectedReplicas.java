package dev.hpcenv.operator.e2e;

import dev.hpcenv.operator.OperatorConfig;
import dev.hpcenv.operator.testing.Await;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replicas of the shipped operator with {@code HPCENV_LEADER_ELECTION=true} in one world, and the
 * Lease they compete for as the world's API server stores it (hpcenv's embedded API or the real
 * kube-apiserver): both leader-election tests start, elect and watch replicas through this.
 */
final class ElectedReplicas {

    /** Short, so that the take-over after a SIGKILL takes seconds, not the default 15 s. */
    static final String LEASE_SECONDS = "3";

    private final RealSlurmWorld world;
    private final Map<String, String> settings;
    private final List<OperatorProcess> replicas = new ArrayList<>();

    /**
     * Replicas with {@code settings} as their environment (a Deployment's, say), each with its own
     * POD_NAME, which is its identity in the Lease.
     */
    ElectedReplicas(RealSlurmWorld world, Map<String, String> settings) {
        this.world = world;
        this.settings = Map.copyOf(settings);
    }

    /** Replicas as the tests run them: leader election on, a 3 s lease in the world's system namespace. */
    static ElectedReplicas withTestSettings(RealSlurmWorld world) {
        return new ElectedReplicas(
                world,
                Map.of(
                        OperatorConfig.LEADER_ELECTION,
                        "true",
                        "POD_NAMESPACE",
                        world.systemNamespace,
                        OperatorConfig.LEASE_SECONDS,
                        LEASE_SECONDS));
    }

    /** Starts a replica whose Lease identity (POD_NAME) is {@code name}. */
    OperatorProcess start(String name) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("POD_NAME", name);
        OperatorProcess replica = world.startOperator(name, env);
        replicas.add(replica);
        return replica;
    }

    /** Stops every replica that still runs (SIGTERM); their logs stay readable. */
    void stopAll() {
        replicas.forEach(OperatorProcess::close);
    }

    Optional<Lease> lease() {
        return Optional.ofNullable(world.client()
                .leases()
                .inNamespace(world.systemNamespace)
                .withName(OperatorConfig.LEASE_NAME)
                .get());
    }

    /** The Lease's holder identity, or null while there is no Lease or no holder. */
    String holder() {
        return lease().map(Lease::getSpec).map(s -> s.getHolderIdentity()).orElse(null);
    }

    /** The Lease's leaseTransitions (0 when unset: the first holder sets none). */
    int transitions() {
        return lease().map(Lease::getSpec).map(s -> s.getLeaseTransitions()).orElse(0);
    }

    /** Waits until one of the replicas started here holds the Lease, and returns it. */
    OperatorProcess awaitLeader(Duration timeout) {
        Await.until(
                "a replica holds the lease",
                timeout,
                () -> replicas.stream().anyMatch(r -> r.name().equals(holder())),
                this::describeLease);
        String holder = holder();
        return replicas.stream()
                .filter(r -> r.name().equals(holder))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the lease moved on at once: " + describeLease()));
    }

    /** Waits until {@code replica} holds the Lease. */
    void awaitHolder(OperatorProcess replica, Duration timeout) {
        Await.until(
                replica.name() + " holds the lease",
                timeout,
                () -> replica.name().equals(holder()),
                this::describeLease);
    }

    /** The one other replica, for a test that started two. */
    OperatorProcess other(OperatorProcess replica) {
        return replicas.stream().filter(r -> r != replica).findFirst().orElseThrow();
    }

    /** The Lease as YAML, and which replicas are alive: what a failing wait shows. */
    String describeLease() {
        return replicas + "\n" + lease().map(RealSlurmWorld::asYaml).orElse("(no lease)");
    }
}
