package dev.hpcenv.operator.cluster;

import dev.hpcenv.crd.v1alpha1.SlurmApiVersion;
import dev.hpcenv.crd.v1alpha1.SlurmClusterSpec;
import dev.hpcenv.crd.v1alpha1.UserMapping;
import dev.hpcenv.operator.metrics.MeteredSlurmClient;
import dev.hpcenv.operator.metrics.OperatorMetrics;
import dev.hpcenv.operator.sync.SubmitLedger;
import dev.hpcenv.operator.sync.SyncState;
import dev.hpcenv.operator.sync.SyncedCluster;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClientConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SlurmCluster as the operator uses it: a slurm-bridge client per Slurm user (created on first
 * use and kept), the listing state and the submit ledger. A changed spec or secret gives a new
 * connection, which must list again before it submits.
 */
public final class ClusterConnection implements SyncedCluster, AutoCloseable {

    /** The user the jobs are listed as when no namespace is mapped yet. */
    static final String FALLBACK_LISTING_USER = "slurm";

    private final String name;
    private final SlurmClusterSpec spec;
    private final ClusterCredentials credentials;
    private final String fingerprint;
    private final SlurmClientFactory factory;
    private final OperatorMetrics metrics;
    private final Map<String, SlurmClient> clients = new ConcurrentHashMap<>();
    private final SyncState syncState = new SyncState();
    private final SubmitLedger ledger = new SubmitLedger();
    private volatile boolean closed;

    public ClusterConnection(
            String name,
            SlurmClusterSpec spec,
            ClusterCredentials credentials,
            String fingerprint,
            SlurmClientFactory factory,
            OperatorMetrics metrics) {
        this.name = name;
        this.spec = spec;
        this.credentials = credentials;
        this.fingerprint = fingerprint;
        this.factory = factory;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return name;
    }

    public SlurmClusterSpec spec() {
        return spec;
    }

    /** Changes when the spec or the secret does. */
    public String fingerprint() {
        return fingerprint;
    }

    public Optional<UserMapping> mappingFor(String namespace) {
        return UserMappings.forNamespace(spec, namespace);
    }

    /**
     * The Slurm user that runs a namespace's jobs: the mapped user, except with a static token, which
     * was issued to one user (every job runs as that user, as the CRD documents).
     */
    public String slurmUserFor(UserMapping mapping) {
        return credentials.staticTokenUser().orElse(mapping.getUser());
    }

    /** The user a static token was issued to (every job runs as it); empty with a JWT key. */
    public Optional<String> staticTokenUser() {
        return credentials.staticTokenUser();
    }

    /** The client acting as {@code user}; connecting may detect the API version (and throw SlurmException). */
    public SlurmClient clientFor(String user) {
        return clients.computeIfAbsent(user, u -> new MeteredSlurmClient(factory.connect(config(u)), name, metrics));
    }

    @Override
    public SlurmClient listingClient() {
        return clientFor(listingUser());
    }

    /**
     * Who lists and pings: the static token's user, else the first mapped user. With Slurm's default
     * PrivateData every user sees every job; a site that hides jobs must map a user that may see them
     * (an operator account) first.
     */
    String listingUser() {
        return credentials
                .staticTokenUser()
                .orElseGet(() -> spec.getUserMappings().stream()
                        .map(UserMapping::getUser)
                        .filter(u -> u != null && !u.isBlank())
                        .findFirst()
                        .orElse(FALLBACK_LISTING_USER));
    }

    private SlurmClientConfig config(String user) {
        Optional<ApiVersion> api = spec.getApiVersion() == null || spec.getApiVersion() == SlurmApiVersion.AUTO
                ? Optional.empty()
                : ApiVersion.fromPathSegment(spec.getApiVersion().wire());
        return SlurmClientConfig.of(URI.create(spec.getUrl()), user, credentials.credentials())
                .withApi(api);
    }

    @Override
    public Duration syncInterval() {
        Integer seconds = spec.getSyncIntervalSeconds();
        return Duration.ofSeconds(seconds == null || seconds < 1 ? 10 : seconds);
    }

    @Override
    public SyncState syncState() {
        return syncState;
    }

    public SubmitLedger ledger() {
        return ledger;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        clients.values().forEach(SlurmClient::close);
        clients.clear();
    }

    @Override
    public String toString() {
        return "ClusterConnection[" + name + ", " + spec.getUrl() + "]";
    }
}
