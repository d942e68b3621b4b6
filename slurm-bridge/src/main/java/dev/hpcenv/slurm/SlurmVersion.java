package dev.hpcenv.slurm;

import java.util.List;
import java.util.Optional;

/**
 * The Slurm release behind slurmrestd (e.g. {@code 22.05.8}) and the API version the client speaks.
 *
 * @param offeredVersions the versions the server was seen to serve, oldest first, as text (may include
 *                        versions this client does not know); empty when the version was configured
 * @param apiPath         the version in the request paths (see {@link PingResult#apiPath()})
 */
public record SlurmVersion(String release, ApiVersion apiVersion, List<String> offeredVersions, String apiPath) {

    public SlurmVersion {
        offeredVersions = List.copyOf(offeredVersions);
        if (apiPath == null && apiVersion != null) {
            apiPath = apiVersion.pathSegment();
        }
    }

    public SlurmVersion(String release, ApiVersion apiVersion) {
        this(release, apiVersion, List.of(), null);
    }

    /** One line when the release deprecates the version in use; see {@link SlurmReleases}. */
    public Optional<String> deprecation() {
        return SlurmReleases.deprecation(release, apiPath);
    }
}
