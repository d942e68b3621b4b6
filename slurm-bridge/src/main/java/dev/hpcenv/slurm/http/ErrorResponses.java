package dev.hpcenv.slurm.http;

import dev.hpcenv.slurm.SlurmError;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.SlurmReleases;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an unsuccessful slurmrestd answer into a {@link SlurmException} with a one-line message.
 * Auth failures rarely come as 401: slurmctld rejects a bad or expired token, and slurmrestd reports
 * that as HTTP 500 (Slurm 22.05 to 24.05, errors -1 or 5005) or 511 (24.11+, error 1007).
 */
public final class ErrorResponses {

    public static final int INVALID_JOB_ID = 2017;
    public static final int ALREADY_DONE = 2021;
    private static final Set<Integer> AUTH_ERRORS = Set.of(1007, 6000);
    /** What slurmrestd 22.05-24.05 reports for a token slurmctld refused. */
    private static final Set<Integer> AUTH_ON_OLD_RELEASES = Set.of(-1, 5005);

    /** ESLURM_REST_INVALID_QUERY: 25.11+ answers it with 422 (e.g. a submission without a script). */
    public static final int INVALID_QUERY = 9000;

    /**
     * What slurmrestd 25.11+ (src/common/http_con.c, src/common/http.c http_status_from_error) refuses in the
     * HTTP layer, whatever the plugin version, with a text/plain body and {@code Connection: Close}. This
     * client sends none of these; a proxy in between may. None is transient: retrying sends the same request.
     */
    private static final Map<Integer, String> HTTP_LAYER_HINTS = Map.of(
            406,
            "slurmrestd 25.11+ refuses Upgrade, Transfer-Encoding and Content-Encoding headers; a proxy between"
                    + " this client and slurmrestd adds one (h2c upgrade, chunked or compressed body): send plain HTTP/1.1",
            415,
            "slurmrestd 25.11+ accepts a body only as exactly \"Content-Type: application/json\" (no charset"
                    + " parameter) and answers only media types it knows; check a proxy that rewrites Content-Type or Accept",
            411,
            "a Content-Length is required on every POST (slurmrestd's http_con.c has the rule, a proxy may enforce"
                    + " it); a proxy that re-chunks the body drops it",
            413,
            "the request body is larger than slurmrestd accepts",
            417,
            "slurmrestd accepts only \"Expect: 100-continue\"; check a proxy that adds another Expect",
            405,
            "slurmrestd does not allow this method on this path: is the API version right? try auto-detection (--api auto, spec.apiVersion: auto)");

    private ErrorResponses() {}

    /** True when the answer means "no such job" (2017), whatever the HTTP status (500 on 22.05, 404 later). */
    public static boolean isUnknownJob(RestResponse response) {
        return response.errors().stream().anyMatch(e -> e.number() != null && e.number() == INVALID_JOB_ID);
    }

    /** True when the answer looks like a refused token. */
    public static boolean looksLikeAuthFailure(RestResponse response) {
        if (response.status() == 401 || response.status() == 511) {
            return true;
        }
        List<SlurmError> errors = response.errors();
        if (errors.stream().anyMatch(e -> e.number() != null && AUTH_ERRORS.contains(e.number()))) {
            return true;
        }
        List<Integer> numbers =
                errors.stream().map(SlurmError::number).filter(n -> n != null).toList();
        // 24.11+ answer a refused token with 511; their 500 with -1 is slurmctld not answering (26.05.3:
        // GET job/{id} while slurmctld is down).
        return response.status() == 500
                && !numbers.isEmpty()
                && AUTH_ON_OLD_RELEASES.containsAll(numbers)
                && !SlurmReleases.atLeast(response.slurmRelease(), "24.11");
    }

    /** The exception for a failed {@code operation} (e.g. "get job 42"). */
    public static SlurmException of(String operation, RestResponse response) {
        int status = response.status();
        List<SlurmError> errors = response.errors();
        String detail = !errors.isEmpty()
                ? errors.stream().map(SlurmError::text).collect(Collectors.joining("; "))
                : response.jsonProblem() != null ? response.jsonProblem() : response.textExcerpt();
        String prefix = operation + " failed: HTTP " + status + " from " + response.url()
                + (detail.isEmpty() ? "" : ": " + detail);
        Kind kind;
        String hint;
        if (status == 401) {
            kind = Kind.AUTHENTICATION;
            hint = "slurmrestd wants both X-SLURM-USER-NAME and X-SLURM-USER-TOKEN, and must run with SLURM_JWT set";
        } else if (looksLikeAuthFailure(response)) {
            kind = Kind.AUTHENTICATION;
            hint = status == 500
                    ? "the token was refused, or slurmctld is down: Slurm up to 24.05 reports both as HTTP 500"
                            + " error -1 or 5005; check the JWT key, the user name, the token's expiry and that slurmctld runs"
                    : "the token was refused: check the JWT key, the user name and the token's expiry";
        } else if (status == 403) {
            kind = Kind.REJECTED;
            hint = "slurmctld did not permit it (error 1, EPERM): the job belongs to another user, and this user is"
                    + " no Slurm operator or administrator";
        } else if (isUnknownJob(response)) {
            kind = Kind.NOT_FOUND;
            hint = "the job does not exist, or it finished longer than MinJobAge ago and was purged";
        } else if (status == 404) {
            kind = Kind.NOT_FOUND;
            // 25.11+ answers a known path asked with the wrong method with this 404 too (openapi.c find_path_tag).
            hint =
                    "slurmrestd does not serve this path with this method: is the API version right? try auto-detection (--api auto, spec.apiVersion: auto)";
        } else if (HTTP_LAYER_HINTS.containsKey(status)) {
            kind = Kind.REJECTED;
            hint = HTTP_LAYER_HINTS.get(status);
        } else if (status == 422 && errors.stream().anyMatch(e -> e.number() != null && e.number() == INVALID_QUERY)) {
            kind = Kind.REJECTED;
            hint = "slurmrestd refused the request body as incomplete (error 9000; a submission needs a non-empty"
                    + " job.script)";
        } else if (status == 400 || status == 422) {
            kind = Kind.REJECTED;
            hint = "the request was refused as invalid";
        } else if (status == 502) {
            kind = Kind.UNREACHABLE;
            hint = "slurmrestd cannot reach slurmctld";
        } else if (status == 504) {
            kind = Kind.TIMEOUT;
            hint = "slurmctld did not answer slurmrestd in time";
        } else if (status == 500
                && SlurmReleases.atLeast(response.slurmRelease(), "24.11")
                && !errors.isEmpty()
                && errors.stream().allMatch(e -> e.number() != null && e.number() == -1)) {
            kind = Kind.UNREACHABLE;
            hint = "slurmctld did not answer slurmrestd (from 24.11 a refused token is 511, not 500 error -1):"
                    + " check that slurmctld runs";
        } else if (status == 500 && errors.stream().anyMatch(ErrorResponses::isCommunicationError)) {
            kind = Kind.UNREACHABLE;
            hint = "slurmrestd cannot reach slurmctld";
        } else if (status == 500 && errors.stream().anyMatch(e -> e.number() != null && e.number() > 0)) {
            // 22.05 maps every slurmctld refusal (bad partition, missing script, ...) to 500.
            kind = Kind.REJECTED;
            hint = "slurmctld refused the request";
        } else {
            kind = Kind.SERVER_ERROR;
            hint = "unexpected answer from slurmrestd";
        }
        return new SlurmException(kind, prefix + " (" + hint + ")", status, errors, false, null);
    }

    private static boolean isCommunicationError(SlurmError error) {
        Integer n = error.number();
        // SLURM_COMMUNICATIONS_* (1001-1006), SLURMCTLD_COMMUNICATIONS_* (1800-1899, e.g. 1800 "Unable to
        // contact slurm controller") and SLURM_PROTOCOL_SOCKET_IMPL_TIMEOUT (5004).
        return n != null && ((n >= 1001 && n <= 1006) || (n >= 1800 && n <= 1899) || n == 5004);
    }
}
