package dev.hpcenv.slurm.rest;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.http.ErrorResponses;
import dev.hpcenv.slurm.http.RestResponse;
import dev.hpcenv.slurm.http.SlurmHttp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds the API version to use by pinging each one; slurmrestd answers a version it does not serve with a
 * text/plain 404. This costs a few tiny requests, where {@code /openapi/v3} would be megabytes on recent
 * releases. Every known version is asked, so that the answer also lists what the server offers, and so are
 * the versions just past the newest known one (a newer Slurm's), while they are served. The newest known
 * version served wins; v0.0.39 counts only when it answers (it needs slurmdbd, error 7000 without). A server
 * offering only newer versions gets the newest known adapter on the oldest of them, tried once by
 * {@link dev.hpcenv.slurm.SlurmClients}.
 */
public final class ApiVersionDetector {

    /** How many versions past the newest known one are asked at most (26.05 serves four). */
    static final int NEWER_PROBES = 4;

    static final List<ApiVersion> PROBE_ORDER = List.of(
            ApiVersion.V0_0_45,
            ApiVersion.V0_0_44,
            ApiVersion.V0_0_43,
            ApiVersion.V0_0_42,
            ApiVersion.V0_0_41,
            ApiVersion.V0_0_40,
            ApiVersion.V0_0_38,
            ApiVersion.V0_0_39);

    /**
     * What detection found.
     *
     * @param version     the adapter to use
     * @param apiPath     the version for the request paths: {@code version}'s, or a newer one's when
     *                    {@code beyondKnown}
     * @param offered     every version the server was seen to serve, oldest first
     * @param beyondKnown true when the server offers only versions newer than this client knows
     */
    public record Detection(ApiVersion version, String apiPath, List<String> offered, boolean beyondKnown) {
        public Detection {
            offered = List.copyOf(offered);
        }
    }

    private ApiVersionDetector() {}

    public static Detection detect(SlurmHttp http) {
        List<String> offered = new ArrayList<>();
        List<String> notServed = new ArrayList<>();
        int newest = number(ApiVersion.newest().pathSegment());
        for (int n = newest + 1; n <= newest + NEWER_PROBES; n++) {
            String path = "v0.0." + n;
            if (probe(http, path, notServed) == Probe.NOT_SERVED) {
                break;
            }
            offered.add(path);
        }
        ApiVersion chosen = null;
        for (ApiVersion version : PROBE_ORDER) {
            Probe probe = probe(http, version.pathSegment(), notServed);
            if (probe != Probe.NOT_SERVED) {
                offered.add(version.pathSegment());
            }
            if (probe == Probe.WORKS && chosen == null) {
                chosen = version;
            }
        }
        offered.sort(Comparator.comparingInt(ApiVersionDetector::number));
        if (chosen != null) {
            return new Detection(chosen, chosen.pathSegment(), offered, false);
        }
        List<String> newer = offered.stream().filter(v -> number(v) > newest).toList();
        if (!newer.isEmpty()) {
            return new Detection(ApiVersion.newest(), newer.get(0), offered, true);
        }
        throw new SlurmException(
                Kind.UNSUPPORTED_VERSION,
                "slurmrestd at " + http.baseUrl()
                        + " serves none of the supported API versions (" + ApiVersion.choices() + "); tried "
                        + String.join(", ", notServed) + ". Is it started with -s openapi/v0.0.38 (22.05) or"
                        + " the slurmctld plugin (23.11+)?");
    }

    /** The one-line error for a server whose newer versions the newest known adapter could not read. */
    public static SlurmException beyondKnownFailure(SlurmHttp http, Detection detection, SlurmException cause) {
        return new SlurmException(
                Kind.UNSUPPORTED_VERSION,
                "slurmrestd at " + http.baseUrl() + " offers " + String.join(", ", detection.offered())
                        + ", all newer than this client knows (" + ApiVersion.choices() + "); reading "
                        + detection.apiPath() + " as " + detection.version() + " failed: " + cause.getMessage()
                        + " (upgrade hpcenv, or have slurmrestd also load data_parser/" + ApiVersion.newest() + ")",
                cause.httpStatus(),
                cause.slurmErrors(),
                false,
                cause);
    }

    private enum Probe {
        WORKS,
        FAILS,
        NOT_SERVED
    }

    private static Probe probe(SlurmHttp http, String path, List<String> notes) {
        RestResponse response = http.get("detect API version", "slurm/" + path + "/ping", Map.of());
        if (response.ok() && response.isJson()) {
            return Probe.WORKS;
        }
        if (response.ok()) {
            // A web server or proxy answering every path with a page is not slurmrestd.
            notes.add(path + " (HTTP 200 but not JSON: " + response.textExcerpt() + ")");
            return Probe.NOT_SERVED;
        }
        if (response.status() == 404 && !response.isJson()) {
            notes.add(path);
            return Probe.NOT_SERVED;
        }
        if (ErrorResponses.looksLikeAuthFailure(response)) {
            throw ErrorResponses.of("detect API version (" + path + ")", response);
        }
        // Served but failing (e.g. v0.0.39 without slurmdbd).
        notes.add(path + " (HTTP " + response.status() + ")");
        return Probe.FAILS;
    }

    /** 45 for {@code v0.0.45}. */
    static int number(String path) {
        String digits = path.substring(path.lastIndexOf('.') + 1);
        return Integer.parseInt(digits);
    }
}
