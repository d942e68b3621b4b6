package dev.hpcenv.operator;

import dev.hpcenv.operator.cluster.DeniedUsers;
import dev.hpcenv.operator.logs.api.LogApiSettings;
import dev.hpcenv.operator.logs.store.LogSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's settings, read once from the environment at start (see operator/README.md). Every
 * bad value is a one-line error naming the variable and what it accepts.
 *
 * @param httpPort         port of /healthz, /readyz and /metrics; 0 picks a free one, -1 turns them off
 * @param httpLoopbackOnly bind the probe server to 127.0.0.1 (embedded mode) instead of all addresses
 * @param batchWorkdir     absolute directory on the compute nodes the batch script starts in
 * @param reconcileThreads reconciles that may run at once
 * @param leaderElection   the lease to hold before reconciling, when several replicas run
 * @param deniedUsers      Slurm users no job is ever submitted as (root and uid 0 always)
 * @param logs             the job log store and its ingest server (off without HPCENV_LOG_DIR)
 * @param logApi           the aggregated API that serves the logs (with {@code logs} only)
 */
public record OperatorConfig(
        int httpPort,
        boolean httpLoopbackOnly,
        String batchWorkdir,
        int reconcileThreads,
        Optional<LeaderElection> leaderElection,
        DeniedUsers deniedUsers,
        LogSettings logs,
        LogApiSettings logApi) {

    public static final String HTTP_PORT = "HPCENV_HTTP_PORT";
    public static final String BATCH_WORKDIR = "HPCENV_BATCH_WORKDIR";
    public static final String RECONCILE_THREADS = "HPCENV_RECONCILE_THREADS";
    public static final String LEADER_ELECTION = "HPCENV_LEADER_ELECTION";
    public static final String LEASE_SECONDS = "HPCENV_LEADER_LEASE_SECONDS";
    public static final String LEASE_NAME = "hpcenv-operator";
    /** Slurm users never submitted as; empty for the default list (see {@link DeniedUsers}). */
    public static final String DENIED_USERS = "HPCENV_DENIED_USERS";

    /**
     * @param namespace     namespace of the Lease (POD_NAMESPACE)
     * @param identity      this replica's name (POD_NAME, else the host name)
     * @param leaseDuration how long a leader that stopped renewing (killed, cut off) blocks the others;
     *                      the renew deadline and retry period keep JOSDK's default proportions (15/10/2 s)
     */
    public record LeaderElection(String namespace, String identity, Duration leaseDuration) {

        public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

        public LeaderElection(String namespace, String identity) {
            this(namespace, identity, DEFAULT_LEASE);
        }

        public Duration renewDeadline() {
            return leaseDuration.multipliedBy(2).dividedBy(3);
        }

        public Duration retryPeriod() {
            return leaseDuration.multipliedBy(2).dividedBy(15);
        }
    }

    public OperatorConfig {
        if (httpPort < -1 || httpPort > 65535) {
            throw new IllegalArgumentException(
                    HTTP_PORT + ": " + httpPort + " is not a port (0-65535, or -1 for none)");
        }
        if (batchWorkdir == null || !batchWorkdir.startsWith("/")) {
            throw new IllegalArgumentException(BATCH_WORKDIR + ": '" + batchWorkdir + "' is not an absolute path");
        }
        if (deniedUsers == null) {
            deniedUsers = DeniedUsers.DEFAULT;
        }
        if (logs == null) {
            logs = LogSettings.fromEnvironment(Map.of());
        }
        if (logApi == null) {
            logApi = LogApiSettings.fromEnvironment(Map.of());
        }
        if (reconcileThreads < 1) {
            throw new IllegalArgumentException(RECONCILE_THREADS + ": must be at least 1, got " + reconcileThreads);
        }
    }

    public static OperatorConfig defaults() {
        return fromEnvironment(Map.of());
    }

    public static OperatorConfig fromEnvironment(Map<String, String> env) {
        int port = integer(env, HTTP_PORT, 8080);
        String workdir = env.getOrDefault(BATCH_WORKDIR, "/tmp");
        int threads = integer(env, RECONCILE_THREADS, 16);
        Optional<LeaderElection> election = Optional.empty();
        String le = env.getOrDefault(LEADER_ELECTION, "false").trim().toLowerCase(java.util.Locale.ROOT);
        if (le.equals("true")) {
            String namespace = env.get("POD_NAMESPACE");
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException(LEADER_ELECTION + "=true needs POD_NAMESPACE (the namespace of the "
                        + "Lease); the Helm chart sets it from the downward API");
            }
            String identity = Optional.ofNullable(env.get("POD_NAME"))
                    .filter(s -> !s.isBlank())
                    .orElseGet(() -> env.getOrDefault("HOSTNAME", "hpcenv-operator"));
            int lease = integer(env, LEASE_SECONDS, (int) LeaderElection.DEFAULT_LEASE.toSeconds());
            if (lease < 2) {
                throw new IllegalArgumentException(LEASE_SECONDS + ": must be at least 2 (seconds), got " + lease);
            }
            election = Optional.of(new LeaderElection(namespace, identity, Duration.ofSeconds(lease)));
        } else if (!le.equals("false")) {
            throw new IllegalArgumentException(
                    LEADER_ELECTION + ": '" + env.get(LEADER_ELECTION) + "' is not true or false");
        }
        return new OperatorConfig(
                port,
                false,
                workdir,
                threads,
                election,
                DeniedUsers.parse(env.get(DeniedUsers.VARIABLE)),
                LogSettings.fromEnvironment(env),
                LogApiSettings.fromEnvironment(env));
    }

    public OperatorConfig withHttp(int port, boolean loopbackOnly) {
        return new OperatorConfig(
                port, loopbackOnly, batchWorkdir, reconcileThreads, leaderElection, deniedUsers, logs, logApi);
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number");
        }
    }
}
