package dev.hpcenv.slurm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer dispatcher that answers like slurmrestd of one release, HTTP layer included. The rules are
 * SchedMD's at slurm-25-11-0-1 (the same at slurm-26-05-0-1): src/common/http_con.c {@code _on_header} and
 * {@code _on_headers_complete} (Upgrade, Transfer-Encoding, Content-Encoding: 406; another Expect than
 * 100-continue: 417; its 411 for a POST without a Content-Length is never reached, as neither parser plugin calls
 * that callback: a live 26.05.3 answers such a submission 422, error 9000), src/slurmrestd/operations.c (token first,
 * then the path: unknown path or known path with another method, 404; a body whose Content-Type no serializer
 * knows, e.g. with a charset parameter, or an unknown Accept: 415), src/common/http.c
 * {@code http_status_from_error}, and src/slurmrestd/plugins/openapi/slurmctld/jobs.c {@code _job_post} (no
 * script: 422, error 9000). Rejects are text/plain with slurm_strerror's text and {@code Connection: Close}.
 * 26.05 adds {@code GET /healthz}, {@code /readyz}, {@code /livez} (src/slurmrestd/openapi.c): 204, no body,
 * the token headers required but the token not checked (live 26.05.3). Every reject is recorded, so a test can assert the client never caused one.
 */
public final class RestdRelease extends Dispatcher {

    /** The releases emulated, with the versions each serves (SlurmReleases' table). */
    public enum Release {
        SLURM_25_11("25.11.0", List.of("v0.0.41", "v0.0.42", "v0.0.43", "v0.0.44"), false),
        SLURM_26_05("26.05.0", List.of("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"), true);

        final String release;
        final List<String> served;
        final boolean probes;

        Release(String release, List<String> served, boolean probes) {
            this.release = release;
            this.served = served;
            this.probes = probes;
        }

        public String release() {
            return release;
        }

        public List<String> served() {
            return served;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSIONED = Pattern.compile("^/slurm/(v0\\.0\\.\\d+)/(.*)$");
    private static final String UNKNOWN_URL = "Unable to find requested URL endpoint. Please query the"
            + " '/openapi/v3' endpoint or visit 'https://slurm.schedmd.com/rest_api.html' for the OpenAPI"
            + " specification which includes a list of all possible slurmrestd endpoints.";

    private final Release release;
    private final List<String> rejects = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    public RestdRelease(Release release) {
        this.release = release;
    }

    /** Every reject answered, as "STATUS METHOD PATH: why". */
    public List<String> rejects() {
        return List.copyOf(rejects);
    }

    /** Every path asked, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String method = request.getMethod();
        String path = request.getUrl().encodedPath();
        paths.add(method + " " + path);
        var headers = request.getHeaders();
        if (headers.get("Upgrade") != null) {
            return reject(406, request, "HTTP protocol upgrading is not supported.");
        }
        if (headers.get("Transfer-Encoding") != null) {
            return reject(406, request, "Invalid HTTP Tranfser-Encoding header");
        }
        if (headers.get("Content-Encoding") != null) {
            return reject(406, request, "Invalid or unsupported HTTP Content-Encoding header");
        }
        String expect = headers.get("Expect");
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            return reject(417, request, "Invalid or unsupported HTTP Content-Encoding header");
        }
        if (headers.get("X-SLURM-USER-TOKEN") == null || headers.get("X-SLURM-USER-NAME") == null) {
            return reject(401, request, "Authentication failure");
        }
        MockResponse routed = route(method, path, request);
        if (routed == null) {
            return reject(404, request, UNKNOWN_URL);
        }
        return routed;
    }

    private MockResponse route(String method, String path, RecordedRequest request) {
        if (release.probes && List.of("/healthz", "/readyz", "/livez").contains(path)) {
            return "GET".equals(method) ? new MockResponse.Builder().code(204).build() : null;
        }
        Matcher m = VERSIONED.matcher(path);
        if (!m.matches() || !release.served.contains(m.group(1))) {
            return null;
        }
        String v = m.group(1);
        String endpoint = m.group(2);
        MockResponse mime = mime(request);
        if (mime != null) {
            return mime;
        }
        String fixtureVersion = v;
        return switch (method + " " + endpoint.replaceAll("^job/\\d+$", "job/{id}")) {
            case "GET ping" -> answer(fixtureVersion, "ping", null);
            case "GET jobs" -> answer(fixtureVersion, "job-running", null);
            case "GET partitions" -> answer(fixtureVersion, "partitions", null);
            case "GET nodes" -> answer(fixtureVersion, "nodes", null);
            case "GET job/{id}" ->
                endpoint.equals("job/999999")
                        ? Fixtures.json(404, withRelease(Fixtures.read(fixtureVersion, "job-unknown")))
                        : answer(fixtureVersion, "job-running", Long.parseLong(endpoint.substring(4)));
            case "DELETE job/{id}" ->
                answer(fixtureVersion, endpoint.equals("job/999999") ? "cancel-unknown" : "cancel-ok", null);
            case "POST job/submit" -> submit(fixtureVersion, request);
            default -> null;
        };
    }

    private MockResponse mime(RecordedRequest request) {
        String accept = request.getHeaders().get("Accept");
        if (accept != null) {
            String first = accept.split(",")[0].split(";")[0].trim().toLowerCase(Locale.ROOT);
            if (!List.of("application/json", "*/*", "application/yaml").contains(first)) {
                return reject(415, request, "MIME type is unknown to any loaded plugins");
            }
        }
        String type = request.getHeaders().get("Content-Type");
        if (request.getBodySize() > 0 && (type == null || !type.equalsIgnoreCase("application/json"))) {
            return reject(415, request, "MIME type is unknown to any loaded plugins");
        }
        return null;
    }

    private MockResponse submit(String version, RecordedRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.getBody().utf8());
        } catch (IOException e) {
            return reject(400, request, "Failure during parsing");
        }
        String script =
                body.path("job").path("script").asText(body.path("script").asText(""));
        if (script.isEmpty()) {
            rejects.add("422 POST " + request.getUrl().encodedPath() + ": no script");
            return Fixtures.json(422, """
                    {"errors":[{"description":"Populated \\"script\\" field is required for job submission",\
                    "error_number":9000,"error":"Query empty or not RFC7320 compliant","source":"_job_post"}],\
                    "warnings":[],"meta":{"slurm":{"release":"%s"}}}""".formatted(release.release));
        }
        return answer(version, "submit", null);
    }

    private MockResponse answer(String version, String fixture, Long jobId) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.read(version, fixture));
            if (jobId != null) {
                root.path("jobs").forEach(job -> ((ObjectNode) job).put("job_id", jobId));
            }
            return Fixtures.json(200, withRelease(root.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String withRelease(String text) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(text);
            JsonNode slurm = root.path("meta").path("slurm");
            if (slurm.isObject()) {
                ((ObjectNode) slurm).put("release", release.release);
            }
            return root.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private MockResponse reject(int code, RecordedRequest request, String text) {
        rejects.add(code + " " + request.getMethod() + " " + request.getUrl().encodedPath() + ": " + text);
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "text/plain")
                .setHeader("Connection", "Close")
                .body(text)
                .build();
    }
}
