package dev.hpcenv.slurm.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.ControllerPing;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.Node;
import dev.hpcenv.slurm.Partition;
import dev.hpcenv.slurm.PingResult;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.SlurmReleases;
import dev.hpcenv.slurm.SlurmVersion;
import dev.hpcenv.slurm.http.ErrorResponses;
import dev.hpcenv.slurm.http.RestResponse;
import dev.hpcenv.slurm.http.SlurmHttp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What every slurmrestd version has in common: the endpoints, error classification and lenient
 * reading of job, node and ping records. Each version's adapter overrides only where its wire
 * format differs (the submit body, cancel answers, partition layout, output paths).
 */
public abstract class RestSlurmClient implements SlurmClient {

    protected static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    protected final SlurmHttp http;
    private final ApiVersion api;
    private volatile String release;
    private volatile String apiPath;
    private volatile List<String> offered = List.of();
    /** False once a release that should have /readyz answered it with 404 (a proxy that maps paths). */
    private volatile boolean probeEndpoints = true;

    private volatile MalformedRecords malformed = new MalformedRecords();

    protected RestSlurmClient(SlurmHttp http, ApiVersion api) {
        this.http = http;
        this.api = api;
        this.apiPath = api.pathSegment();
    }

    /**
     * Takes what detection found: the versions offered and, on a server offering only newer ones, the newer
     * version to put in the paths.
     */
    public void useDetection(ApiVersionDetector.Detection detection) {
        this.offered = detection.offered();
        this.apiPath = detection.apiPath();
    }

    @Override
    public ApiVersion apiVersion() {
        return api;
    }

    protected String path(String endpoint) {
        return "slurm/" + apiPath + "/" + endpoint;
    }

    /** The JSON body of {@code POST job/submit} for this version. */
    protected abstract ObjectNode submitBody(JobSubmission submission);

    @Override
    public long submit(JobSubmission submission) {
        RestResponse response = http.postOnce("submit job", path("job/submit"), submitBody(submission));
        remember(response);
        Long jobId = response.ok() ? SlurmJsonValues.jobId(response.json().get("job_id")) : null;
        if (jobId != null) {
            // v0.0.38 answers a held job with 200, the id, and error 2042 in errors[]: still a success.
            return jobId;
        }
        if (response.ok()) {
            throw new SlurmException(
                    Kind.SERVER_ERROR,
                    "submit job failed: HTTP 200 from " + response.url()
                            + " without a usable job_id ("
                            + (response.isJson()
                                    ? "job_id: " + excerpt(response.json().get("job_id"))
                                    : "body: "
                                            + Optional.ofNullable(response.jsonProblem())
                                                    .orElse(response.textExcerpt()))
                            + ") (the job may or may not have been created; look it up by its comment before submitting again)",
                    200,
                    response.errors(),
                    true,
                    null);
        }
        SlurmException failure = ErrorResponses.of("submit job", response);
        boolean ambiguous = switch (failure.kind()) {
            case SERVER_ERROR, UNREACHABLE, TIMEOUT -> true;
            // 22.05 reports a refused token on submit as 5005 "zero bytes", which is also a comms failure.
            case AUTHENTICATION -> failure.hasSlurmError(5005);
            default -> false;
        };
        throw ambiguous ? failure.withOutcomeUnknown() : failure;
    }

    @Override
    public Optional<JobInfo> getJob(long jobId) {
        List<JobInfo> jobs = records(jobId);
        for (JobInfo info : jobs) {
            if (info.jobId() == jobId) {
                return Optional.of(info);
            }
        }
        // An array job id returns its tasks, none of which carries the requested id itself.
        return jobs.stream().findFirst();
    }

    /**
     * The records {@code GET job/{id}} answers: the job, or for an array's id every element of the array;
     * empty when slurmctld does not know the id.
     */
    private List<JobInfo> records(long jobId) {
        RestResponse response = http.get("get job " + jobId, path("job/" + jobId), Map.of());
        remember(response);
        if (ErrorResponses.isUnknownJob(response)) {
            return List.of();
        }
        requireOk("get job " + jobId, response);
        return readJobs("get job " + jobId, response);
    }

    @Override
    public List<JobInfo> listJobs(Optional<Instant> since) {
        Map<String, String> query = since.map(t -> Map.of("update_time", Long.toString(t.getEpochSecond())))
                .orElse(Map.of());
        RestResponse response = http.get("list jobs", path("jobs"), query);
        if (response.status() == 304) {
            return List.of(); // v0.0.38: nothing changed since update_time, and no body at all.
        }
        remember(response);
        requireOk("list jobs", response);
        return readJobs("list jobs", response);
    }

    /**
     * The usable jobs of an answer. A record that cannot be read is skipped and reported once, so that
     * one odd job never costs the listing of all the others; an answer without a jobs list at all is
     * an error, since reading it as "no jobs" would make every job look gone.
     */
    private List<JobInfo> readJobs(String operation, RestResponse response) {
        JsonNode items = response.json().get("jobs");
        if (items == null || !items.isArray()) {
            throw new SlurmException(
                    Kind.SERVER_ERROR,
                    operation + " failed: HTTP 200 from " + response.url()
                            + " but the answer has no \"jobs\" list ("
                            + (items == null ? "missing" : "jobs: " + excerpt(items))
                            + ") (unexpected answer from slurmrestd: is the URL that of slurmrestd?)",
                    200,
                    response.errors(),
                    false,
                    null);
        }
        List<JobInfo> jobs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode item : items) {
            try {
                jobs.add(toJob(item));
            } catch (MalformedJob e) {
                skipped.add(e.getMessage());
                malformed.report(operation + ": skipped a job record from " + response.url() + ": " + e.getMessage());
            }
        }
        if (jobs.isEmpty() && !skipped.isEmpty()) {
            throw new SlurmException(
                    Kind.SERVER_ERROR,
                    operation + " failed: HTTP 200 from " + response.url() + " but no job record in it is usable ("
                            + skipped.get(0) + ")",
                    200,
                    response.errors(),
                    false,
                    null);
        }
        return jobs;
    }

    /** For tests: where skipped records are reported (by default a WARNING of System.Logger). */
    void reportMalformedTo(java.util.function.Consumer<String> sink) {
        this.malformed = new MalformedRecords(sink);
    }

    /** A JSON value in one short line for messages. */
    static String excerpt(JsonNode node) {
        if (node == null) {
            return "missing";
        }
        String text = node.toString().replaceAll("\\p{Cntrl}", "?");
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    /** A job record the bridge cannot use; the message says which field and what it held. */
    static final class MalformedJob extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedJob(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Looks first, then kills. Up to v0.0.41 the DELETE answer cannot tell "already finished" from
     * "cancelled" (v0.0.38 treats 2021 as success), and Slurm 24.11+ answers 200 for an unknown job on
     * v0.0.40/41. Looking first reports unknown and finished jobs as such and kills only a live job.
     * v0.0.42+ overrides this: its answer carries a per-job status. An array's id cancels the whole array
     * (slurmctld signals every element of the job id it is given), pending elements included.
     */
    @Override
    public CancelOutcome cancel(long jobId) {
        List<JobInfo> jobs = records(jobId);
        if (jobs.isEmpty()) {
            return CancelOutcome.NOT_FOUND;
        }
        // An array's id cancels every element: it is finished only when all of them are.
        if (jobs.stream().allMatch(j -> j.state().isTerminal())) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        // No signal parameter: the default is SIGKILL for the whole job, the only one a pending job accepts.
        RestResponse response = http.delete("cancel job " + jobId, path("job/" + jobId), Map.of());
        remember(response);
        if (ErrorResponses.isUnknownJob(response)) {
            return CancelOutcome.NOT_FOUND;
        }
        if (response.errors().stream().anyMatch(e -> e.number() != null && e.number() == ErrorResponses.ALREADY_DONE)) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        requireOk("cancel job " + jobId, response);
        return CancelOutcome.CANCELLED;
    }

    @Override
    public PingResult ping() {
        RestResponse response = http.get("ping", path("ping"), Map.of());
        remember(response);
        requireOk("ping", response);
        List<ControllerPing> controllers = new ArrayList<>();
        for (JsonNode ping : response.json().path("pings")) {
            controllers.add(toControllerPing(ping));
        }
        if (!controllers.isEmpty() && controllers.stream().noneMatch(ControllerPing::responding)) {
            failIfTokenRefused(response);
        }
        return new PingResult(controllers, release, api, offered, apiPath, readiness());
    }

    /**
     * slurmrestd pings slurmctld with the caller's token, so a token slurmctld refuses comes back as HTTP 200
     * with no controller responding (26.05.3: v0.0.44 {@code pinged: DOWN}, v0.0.45 {@code status: "Protocol
     * authentication error"}), and {@code /readyz} checks only that the headers are there. v0.0.45 names the
     * cause; otherwise one authenticated read tells it apart from a stopped slurmctld: {@code diag} answers 511
     * (1007) for a refused token on 24.11+ and 502 (1800) when slurmctld is down.
     */
    private void failIfTokenRefused(RestResponse ping) {
        for (JsonNode p : ping.json().path("pings")) {
            String status = SlurmJsonValues.text(p, "status");
            if (status != null && status.toLowerCase(Locale.ROOT).contains("authentication")) {
                throw new SlurmException(
                        Kind.AUTHENTICATION,
                        "ping failed: HTTP 200 from " + ping.url() + " but slurmctld refused the token (" + status
                                + ") (check the JWT key, the user name and the token's expiry)",
                        200,
                        ping.errors(),
                        false,
                        null);
            }
        }
        if (!SlurmReleases.atLeast(release, "24.11")) {
            return; // before 24.11 a refused token and a stopped slurmctld answer diag alike (500, -1)
        }
        RestResponse diag = http.get("ping", path("diag"), Map.of());
        if (diag.status() == 511 || diag.errors().stream().anyMatch(e -> e.number() != null && e.number() == 1007)) {
            throw ErrorResponses.of("ping", diag);
        }
    }

    /**
     * slurmrestd's own readiness (26.05+ {@code GET /readyz}: 204, no body, token required). Asked only where the
     * release has it, so that older slurmrestd never logs a request for an unknown path.
     */
    private PingResult.Readiness readiness() {
        if (!probeEndpoints || !SlurmReleases.hasProbeEndpoints(release)) {
            return PingResult.Readiness.NOT_SERVED;
        }
        RestResponse response = http.get("readiness probe", "readyz", Map.of());
        if (response.status() == 204 || response.status() == 200) {
            return PingResult.Readiness.READY;
        }
        if (response.status() == 404 && !response.isJson()) {
            probeEndpoints = false;
            return PingResult.Readiness.NOT_SERVED;
        }
        if (ErrorResponses.looksLikeAuthFailure(response)) {
            throw ErrorResponses.of("readiness probe", response);
        }
        return PingResult.Readiness.NOT_READY;
    }

    @Override
    public List<Partition> partitions() {
        RestResponse response = http.get("list partitions", path("partitions"), Map.of());
        remember(response);
        requireOk("list partitions", response);
        List<Partition> out = new ArrayList<>();
        response.json().path("partitions").forEach(p -> out.add(toPartition(p)));
        return out;
    }

    @Override
    public List<Node> nodes() {
        RestResponse response = http.get("list nodes", path("nodes"), Map.of());
        remember(response);
        requireOk("list nodes", response);
        List<Node> out = new ArrayList<>();
        response.json().path("nodes").forEach(n -> out.add(toNode(n)));
        return out;
    }

    @Override
    public SlurmVersion version() {
        if (release == null) {
            ping();
        }
        return new SlurmVersion(release, api, offered, apiPath);
    }

    @Override
    public void close() {
        http.close();
    }

    protected ControllerPing toControllerPing(JsonNode ping) {
        boolean responding = ping.has("responding")
                ? ping.get("responding").asBoolean()
                : "UP"
                        .equalsIgnoreCase(Optional.ofNullable(SlurmJsonValues.text(ping, "ping"))
                                .orElse(SlurmJsonValues.text(ping, "pinged")));
        String mode = SlurmJsonValues.text(ping, "mode");
        if (mode == null && ping.has("primary")) {
            mode = ping.get("primary").asBoolean() ? "primary" : "backup";
        }
        return new ControllerPing(SlurmJsonValues.text(ping, "hostname"), responding, mode);
    }

    protected JobInfo toJob(JsonNode job) {
        List<String> states = SlurmJsonValues.strings(job.get("job_state")).stream()
                .map(s -> s.toUpperCase(Locale.ROOT))
                .toList();
        JobState state = JobState.fromSlurm(states);
        // Slurm reports exit code 0 for jobs that have not ended; only an ended job has a real one.
        boolean ended = state.isTerminal() || state == JobState.COMPLETING;
        if (!job.isObject()) {
            throw new MalformedJob("not a JSON object: " + excerpt(job));
        }
        Long id = SlurmJsonValues.jobId(job.get("job_id"));
        if (id == null) {
            throw new MalformedJob("job_id " + excerpt(job.get("job_id")) + " is not a Slurm job id (1 to 4294967293)"
                    + Optional.ofNullable(SlurmJsonValues.text(job, "name"))
                            .map(n -> ", job name '" + n + "'")
                            .orElse(""));
        }
        // 0 (or unset) for a job that is no array's; an element's task id is NO_VAL in the record that stands for
        // the elements not started yet, whose array_task_string lists them (e.g. "5-49%5").
        Long arrayJobId = SlurmJsonValues.jobId(job.get("array_job_id"));
        return new JobInfo(
                id,
                SlurmJsonValues.text(job, "name"),
                state,
                String.join(",", states),
                SlurmJsonValues.text(job, "state_reason"),
                ended ? SlurmJsonValues.exit(job.get("exit_code")) : null,
                Hostlist.expand(SlurmJsonValues.text(job, "nodes")),
                SlurmJsonValues.text(job, "user_name"),
                SlurmJsonValues.text(job, "partition"),
                SlurmJsonValues.text(job, "comment"),
                SlurmJsonValues.text(job, "current_working_directory"),
                standardOutput(job),
                SlurmJsonValues.instant(job.get("submit_time")),
                SlurmJsonValues.instant(job.get("start_time")),
                SlurmJsonValues.instant(job.get("end_time")),
                SlurmJsonValues.count(job.get("time_limit")),
                SlurmJsonValues.unsigned16(job.get("restart_cnt")),
                arrayJobId,
                arrayJobId == null ? null : SlurmJsonValues.unsigned32(job.get("array_task_id")),
                arrayJobId == null ? null : SlurmJsonValues.text(job, "array_task_string"));
    }

    /** The job's output path as reported; v0.0.43 overrides it to prefer the expanded path. */
    protected String standardOutput(JsonNode job) {
        return SlurmJsonValues.text(job, "standard_output");
    }

    protected abstract Partition toPartition(JsonNode partition);

    protected Node toNode(JsonNode node) {
        List<String> states = new ArrayList<>();
        SlurmJsonValues.strings(node.get("state")).forEach(s -> states.add(s.toUpperCase(Locale.ROOT)));
        SlurmJsonValues.strings(node.get("state_flags")).forEach(s -> states.add(s.toUpperCase(Locale.ROOT)));
        return new Node(
                SlurmJsonValues.text(node, "name"),
                states,
                SlurmJsonValues.count(node.get("cpus")),
                SlurmJsonValues.unsigned64(node.get("real_memory")),
                SlurmJsonValues.strings(node.get("partitions")),
                SlurmJsonValues.text(node, "reason"));
    }

    protected void requireOk(String operation, RestResponse response) {
        if (!response.ok()) {
            throw ErrorResponses.of(operation, response);
        }
        if (!response.isJson()) {
            throw new SlurmException(
                    Kind.SERVER_ERROR,
                    operation + " failed: HTTP 200 from " + response.url()
                            + " but "
                            + (response.jsonProblem() != null
                                    ? response.jsonProblem()
                                    : "the body is not JSON ("
                                            + (response.contentType().isEmpty()
                                                    ? "no content type"
                                                    : "content type " + response.contentType())
                                            + ": " + response.textExcerpt() + ")")
                            + " (is the URL that of slurmrestd, not a proxy's or a web server's?)",
                    200,
                    List.of(),
                    false,
                    null);
        }
    }

    /** Keeps the Slurm release from any answer's meta block ({@code Slurm} up to v0.0.39, {@code slurm} after). */
    protected void remember(RestResponse response) {
        String found = response.slurmRelease();
        if (found != null) {
            release = found;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + http + "]";
    }
}
