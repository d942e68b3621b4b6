package dev.hpcenv.slurm;

import dev.hpcenv.slurm.auth.SlurmCredentials;
import dev.hpcenv.slurm.http.SlurmHttp;
import dev.hpcenv.slurm.rest.Adapters;
import dev.hpcenv.slurm.rest.ApiVersionDetector;
import dev.hpcenv.slurm.rest.RestSlurmClient;
import java.net.URI;
import java.util.Optional;

/** Builds a {@link SlurmClient} for a slurmrestd. */
public final class SlurmClients {

    private SlurmClients() {}

    /**
     * A client with default timeouts and retries; {@code api} empty means auto-detect. Detect once per
     * cluster and pass the version explicitly for further clients (e.g. one per Slurm user).
     */
    public static SlurmClient connect(URI url, String user, SlurmCredentials credentials, Optional<ApiVersion> api) {
        return connect(SlurmClientConfig.of(url, user, credentials).withApi(api));
    }

    /**
     * A client for the configured API version, or for the newest one the server serves when none is
     * configured (that detection makes a few requests now, so it may throw {@link SlurmException}).
     */
    public static SlurmClient connect(SlurmClientConfig config) {
        SlurmHttp http = new SlurmHttp(
                config.url(), config.user(), config.credentials().tokenSource(config.user()), config.http());
        try {
            if (config.api().isPresent()) {
                return Adapters.forVersion(config.api().get(), http);
            }
            ApiVersionDetector.Detection detection = ApiVersionDetector.detect(http);
            RestSlurmClient client = Adapters.forVersion(detection.version(), http);
            client.useDetection(detection);
            if (detection.beyondKnown()) {
                // Newer versions mostly add fields: read the oldest offered one with the newest adapter, once.
                try {
                    if (client.ping().controllers().isEmpty()) {
                        throw new SlurmException(
                                SlurmException.Kind.SERVER_ERROR,
                                "its ping answer lists no controller under \"pings\"");
                    }
                } catch (SlurmException e) {
                    throw ApiVersionDetector.beyondKnownFailure(http, detection, e);
                }
            }
            return client;
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }
}
