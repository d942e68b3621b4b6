package dev.hpcenv.slurm;

import java.util.List;
import java.util.Optional;

/**
 * The answer to a ping, with what a caller shows about the server.
 *
 * @param controllers     every slurmctld as slurmrestd sees it ({@code responding}; v0.0.45 dropped
 *                        {@code pinged} and {@code mode})
 * @param slurmRelease    the Slurm release from the answer's meta (e.g. {@code 26.05.0}); null when not reported
 * @param apiVersion      the API version this client speaks (its adapter)
 * @param offeredVersions the versions the server was seen to serve, as text and oldest first; may name
 *                        versions this client does not know (e.g. {@code v0.0.46}); empty when the version was
 *                        configured rather than detected
 * @param apiPath         the version in the request paths: {@code apiVersion}'s, except on a server that offers
 *                        only versions newer than this client knows, where the newest known adapter reads that
 *                        newer version's answers
 * @param readiness       slurmrestd's {@code GET /readyz} (26.05+), or {@link Readiness#NOT_SERVED} where the
 *                        release has no such path
 */
public record PingResult(
        List<ControllerPing> controllers,
        String slurmRelease,
        ApiVersion apiVersion,
        List<String> offeredVersions,
        String apiPath,
        Readiness readiness) {

    /** What slurmrestd's own readiness probe said. */
    public enum Readiness {
        /** {@code /readyz} answered 204. */
        READY,
        /** {@code /readyz} answered something else (e.g. 503 while starting). */
        NOT_READY,
        /** The release has no {@code /readyz} (before 26.05), or it was not asked. */
        NOT_SERVED
    }

    public PingResult {
        controllers = List.copyOf(controllers);
        offeredVersions = List.copyOf(offeredVersions);
        if (apiPath == null && apiVersion != null) {
            apiPath = apiVersion.pathSegment();
        }
        if (readiness == null) {
            readiness = Readiness.NOT_SERVED;
        }
    }

    /** A ping without detection or probe information (configured version, releases before 26.05). */
    public PingResult(List<ControllerPing> controllers, String slurmRelease, ApiVersion apiVersion) {
        this(controllers, slurmRelease, apiVersion, List.of(), null, Readiness.NOT_SERVED);
    }

    /**
     * True when slurmrestd is ready (its {@code /readyz} where the release has one) and at least one
     * controller answers.
     */
    public boolean reachable() {
        return readiness != Readiness.NOT_READY && controllers.stream().anyMatch(ControllerPing::responding);
    }

    /**
     * One line when the server's release deprecates the version in use (e.g. "Slurm 26.05 deprecates v0.0.42,
     * removed in 26.11; ..."): a warning, not an error, the version still works. See {@link SlurmReleases}.
     */
    public Optional<String> deprecation() {
        return SlurmReleases.deprecation(slurmRelease, apiPath);
    }

    /** The release, the version in use and the versions offered, as {@link SlurmVersion}. */
    public SlurmVersion version() {
        return new SlurmVersion(slurmRelease, apiVersion, offeredVersions, apiPath);
    }
}
