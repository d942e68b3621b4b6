package dev.hpcenv.slurm.rest;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.http.ErrorResponses;
import dev.hpcenv.slurm.http.RestResponse;
import dev.hpcenv.slurm.http.SlurmHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the API version to use by pinging each one, newest first; slurmrestd answers a version it
 * does not serve with a text/plain 404. This costs a few tiny requests, where {@code /openapi/v3}
 * would be megabytes on recent releases. v0.0.39 comes last: it needs slurmdbd (error 7000 without),
 * and every release that serves it also serves v0.0.38 or v0.0.40.
 */
public final class ApiVersionDetector {

    static final List<ApiVersion> PROBE_ORDER = List.of(
            ApiVersion.V0_0_43,
            ApiVersion.V0_0_42,
            ApiVersion.V0_0_41,
            ApiVersion.V0_0_40,
            ApiVersion.V0_0_38,
            ApiVersion.V0_0_39);

    private ApiVersionDetector() {}

    public static ApiVersion detect(SlurmHttp http) {
        List<String> notServed = new ArrayList<>();
        for (ApiVersion version : PROBE_ORDER) {
            RestResponse response =
                    http.get("detect API version", "slurm/" + version.pathSegment() + "/ping", Map.of());
            if (response.ok() && response.isJson()) {
                return version;
            }
            if (response.ok()) {
                // A web server or proxy answering every path with a page is not slurmrestd.
                notServed.add(version.pathSegment() + " (HTTP 200 but not JSON: " + response.textExcerpt() + ")");
                continue;
            }
            if (response.status() == 404 && !response.isJson()) {
                notServed.add(version.pathSegment());
                continue;
            }
            if (ErrorResponses.looksLikeAuthFailure(response)) {
                throw ErrorResponses.of("detect API version (" + version.pathSegment() + ")", response);
            }
            // Served but failing (e.g. v0.0.39 without slurmdbd): try an older one.
            notServed.add(version.pathSegment() + " (HTTP " + response.status() + ")");
        }
        throw new SlurmException(
                Kind.UNSUPPORTED_VERSION,
                "slurmrestd at " + http.baseUrl()
                        + " serves none of the supported API versions (" + ApiVersion.choices() + "); tried "
                        + String.join(", ", notServed) + ". Is it started with -s openapi/v0.0.38 (22.05) or"
                        + " the slurmctld plugin (23.11+)?");
    }
}
