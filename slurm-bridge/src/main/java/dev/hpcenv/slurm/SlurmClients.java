package dev.hpcenv.slurm;

import dev.hpcenv.slurm.auth.SlurmCredentials;
import dev.hpcenv.slurm.http.SlurmHttp;
import dev.hpcenv.slurm.rest.Adapters;
import dev.hpcenv.slurm.rest.ApiVersionDetector;
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
            ApiVersion version = config.api().orElseGet(() -> ApiVersionDetector.detect(http));
            return Adapters.forVersion(version, http);
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }
}
