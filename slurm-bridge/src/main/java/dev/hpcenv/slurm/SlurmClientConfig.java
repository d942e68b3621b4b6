package dev.hpcenv.slurm;

import dev.hpcenv.slurm.auth.SlurmCredentials;
import dev.hpcenv.slurm.http.HttpSettings;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to reach one slurmrestd as one Slurm user.
 *
 * @param api the API version to speak; empty to detect it
 */
public record SlurmClientConfig(
        URI url, String user, SlurmCredentials credentials, Optional<ApiVersion> api, HttpSettings http) {

    public SlurmClientConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(http, "http");
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("slurmrestd URL '" + url + "' must look like http://host:port");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a Slurm user name is required");
        }
    }

    public static SlurmClientConfig of(URI url, String user, SlurmCredentials credentials) {
        return new SlurmClientConfig(url, user, credentials, Optional.empty(), HttpSettings.DEFAULT);
    }

    public SlurmClientConfig withApi(Optional<ApiVersion> version) {
        return new SlurmClientConfig(url, user, credentials, version, http);
    }

    public SlurmClientConfig withHttp(HttpSettings settings) {
        return new SlurmClientConfig(url, user, credentials, api, settings);
    }

    /** For another Slurm user on the same slurmrestd (the key signs tokens for any user). */
    public SlurmClientConfig forUser(String otherUser) {
        return new SlurmClientConfig(url, otherUser, credentials, api, http);
    }
}
