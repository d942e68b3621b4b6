package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.testing.Fixtures;
import dev.hpcenv.slurm.testing.StartedServer;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Answers a slurmrestd, or whatever stands at its URL, can give besides the documented ones: a
 * proxy's HTML, truncated JSON, a huge body, the wrong content type, odd errors[] items, states and
 * fields this bridge does not know. Each is one clear line (URL, status, what was wrong, a hint) or,
 * for what can be read, read; none is an exception other than SlurmException.
 */
class HostileAnswersTest {

    private static final String HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
    private static final JobSubmission JOB = JobSubmission.builder("#!/bin/sh\ntrue\n")
            .env("PATH", "/bin")
            .workdir("/tmp")
            .build();

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();

    private static MockResponse html(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "text/html")
                .body(body)
                .build();
    }

    private String jobsUrl(ApiVersion v) {
        return server.url("/slurm/" + v.pathSegment() + "/jobs").toString();
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_43", "V0_0_45"})
    void aProxysHtml502IsRetriedThenOneLineWithTheUrlAndThePagesTitle(ApiVersion v) {
        for (int i = 0; i < 3; i++) {
            server.enqueue(html(502, HTML_502));
        }
        try (SlurmClient client = MockRestd.client(server, v)) {
            assertThatThrownBy(() -> client.listJobs(Optional.empty()))
                    .isInstanceOfSatisfying(SlurmException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                        assertThat(e.getMessage())
                                .isEqualTo("list jobs failed: HTTP 502 from " + jobsUrl(v)
                                        + ": 502 Bad Gateway (slurmrestd cannot reach slurmctld)");
                    });
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_41"})
    void truncatedJsonIsAnErrorNamingWhereItStops(ApiVersion v) {
        String full = Fixtures.read(v.pathSegment(), "job-running");
        server.enqueue(json(200, full.substring(0, full.length() / 2)));
        try (SlurmClient client = MockRestd.client(server, v)) {
            assertThatThrownBy(() -> client.listJobs(Optional.empty()))
                    .isInstanceOfSatisfying(SlurmException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
                        assertThat(e.getMessage())
                                .startsWith("list jobs failed: HTTP 200 from " + jobsUrl(v)
                                        + " but the JSON body is invalid (")
                                .contains("at line ")
                                .contains("truncated?")
                                .doesNotContain("\n");
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_42"})
    void aBodyBeyondTheLimitIsRefusedWithoutReadingIt(ApiVersion v) {
        String huge = "{\"jobs\":[" + "{\"job_id\":1},".repeat(50 * 1024 * 1024 / 13) + "{\"job_id\":2}]}";
        server.enqueue(json(200, huge)); // about 50 MB, with Content-Length
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/json")
                .chunkedBody(huge.substring(0, 3 * 1024 * 1024), 64 * 1024)
                .build()); // no length announced
        try (SlurmClient client = SlurmClients.connect(MockRestd.config(server)
                .withApi(Optional.of(v))
                .withHttp(MockRestd.config(server).http().withMaxBodyBytes(1024 * 1024)))) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> client.listJobs(Optional.empty()))
                        .isInstanceOfSatisfying(SlurmException.class, e -> {
                            assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
                            assertThat(e.getMessage())
                                    .startsWith("list jobs failed: the answer from " + jobsUrl(v)
                                            + " (HTTP 200) is larger than 1048576 bytes, the limit")
                                    .contains("maxBodyBytes");
                        });
            }
        }
        assertThat(server.getRequestCount()).isEqualTo(2); // not retried: the same answer would come again
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_40"})
    void aWebPageWhereSlurmrestdShouldBeIsNamedAsSuch(ApiVersion v) {
        server.enqueue(html(200, "<!doctype html><html><head><title>Welcome to nginx!</title></head></html>"));
        try (SlurmClient client = MockRestd.client(server, v)) {
            assertThatThrownBy(() -> client.listJobs(Optional.empty()))
                    .isInstanceOfSatisfying(
                            SlurmException.class,
                            e -> assertThat(e.getMessage())
                                    .isEqualTo("list jobs failed: HTTP 200 from " + jobsUrl(v) + " but the body"
                                            + " is not JSON (content type text/html: Welcome to nginx!) (is the URL that of slurmrestd,"
                                            + " not a proxy's or a web server's?)"));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_43"})
    void jsonUnderAWrongContentTypeIsStillRead(ApiVersion v) {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "text/plain; charset=iso-8859-1")
                .body(Fixtures.read(v.pathSegment(), "job-running"))
                .build());
        try (SlurmClient client = MockRestd.client(server, v)) {
            assertThat(client.listJobs(Optional.empty()))
                    .extracting(JobInfo::state)
                    .containsExactly(JobState.RUNNING);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_42"})
    void oddErrorItemsAreReportedNotFatal(ApiVersion v) {
        server.enqueue(json(
                500,
                "{\"errors\":[\"plain text item\",{\"error_number\":\"2017x\",\"error\":\"odd number\"},"
                        + "7,null,{\"error_number\":1800,\"description\":\"Unable to contact slurm controller\"}]}"));
        try (SlurmClient client = SlurmClients.connect(MockRestd.config(server)
                .withApi(Optional.of(v))
                .withHttp(MockRestd.config(server)
                        .http()
                        .withRetry(new dev.hpcenv.slurm.http.RetryPolicy(
                                1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)))))) {
            assertThatThrownBy(() -> client.getJob(5)).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                assertThat(e.getMessage())
                        .contains("HTTP 500 from " + server.url("/slurm/" + v.pathSegment() + "/job/5"))
                        .contains("plain text item")
                        .contains("odd number")
                        .contains("Unable to contact slurm controller (Slurm error 1800)")
                        .doesNotContain("\n");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_39", "V0_0_40", "V0_0_43", "V0_0_44", "V0_0_45"})
    void unknownStatesFlagsAndMissingFieldsAreListedNotFatal(ApiVersion v) {
        server.enqueue(json(
                200,
                "{\"jobs\":[{\"job_id\":5},"
                        + "{\"job_id\":6,\"job_state\":[\"RUNNING\",\"FLAG_FROM_SLURM_26\"],\"flags\":[\"NEW_FLAG\"]},"
                        + "{\"job_id\":7,\"job_state\":\"STATE_FROM_SLURM_26\",\"nodes\":{\"odd\":true},\"name\":[1,2],"
                        + "\"exit_code\":{\"weird\":true},\"time_limit\":\"soon\",\"submit_time\":\"yesterday\"}],"
                        + "\"meta\":{\"slurm\":{\"release\":[]}}}"));
        try (SlurmClient client = MockRestd.client(server, v)) {
            List<JobInfo> jobs = client.listJobs(Optional.empty());
            assertThat(jobs).extracting(JobInfo::jobId).containsExactly(5L, 6L, 7L);
            assertThat(jobs)
                    .extracting(JobInfo::state)
                    .containsExactly(JobState.UNKNOWN, JobState.RUNNING, JobState.UNKNOWN);
            assertThat(jobs.get(2).rawState()).isEqualTo("STATE_FROM_SLURM_26");
            assertThat(jobs.get(2).nodes()).isEmpty();
            assertThat(jobs.get(2).timeLimitMinutes()).isNull();
            assertThat(jobs.get(2).submitTime()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_41"})
    void anAnswerWithoutAJobsListIsAnErrorNotAnEmptyCluster(ApiVersion v) {
        server.enqueue(json(200, "{\"meta\":{},\"errors\":[]}"));
        server.enqueue(json(200, "{\"jobs\":{\"1\":{\"job_id\":1}}}"));
        try (SlurmClient client = MockRestd.client(server, v)) {
            for (String what : List.of("missing", "jobs: {\"1\":{\"job_id\":1}}")) {
                assertThatThrownBy(() -> client.listJobs(Optional.empty()))
                        .isInstanceOfSatisfying(
                                SlurmException.class,
                                e -> assertThat(e.getMessage())
                                        .isEqualTo("list jobs failed: HTTP 200 from " + jobsUrl(v)
                                                + " but the answer has no \"jobs\" list (" + what
                                                + ") (unexpected answer from slurmrestd:"
                                                + " is the URL that of slurmrestd?)"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_43", "V0_0_44"})
    void aSubmitAnsweredWithoutAUsableJobIdLeavesTheOutcomeUnknown(ApiVersion v) {
        server.enqueue(json(200, "{\"job_id\":4294967294,\"errors\":[]}"));
        server.enqueue(html(502, HTML_502));
        try (SlurmClient client = MockRestd.client(server, v)) {
            assertThatThrownBy(() -> client.submit(JOB)).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.outcomeUnknown()).isTrue();
                assertThat(e.getMessage()).contains("without a usable job_id (job_id: 4294967294)");
            });
            assertThatThrownBy(() -> client.submit(JOB)).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.outcomeUnknown()).isTrue(); // a proxy's 502 may come after slurmrestd took the job
                assertThat(e.getMessage()).contains("HTTP 502 from").contains("502 Bad Gateway");
            });
        }
        assertThat(server.getRequestCount()).isEqualTo(2); // a submit is never retried
    }

    @ParameterizedTest
    @EnumSource(names = {"V0_0_38", "V0_0_43"})
    void aBodyThatStopsComingTimesOutNamingTheUrlAndTheTimeoutAndIsNotRetried(ApiVersion v) {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/json")
                .body(Fixtures.read(v.pathSegment(), "job-running"))
                .onResponseBody(mockwebserver3.SocketEffect.Stall.INSTANCE)
                .build());
        try (SlurmClient client = SlurmClients.connect(MockRestd.config(server)
                .withApi(Optional.of(v))
                .withHttp(MockRestd.config(server).http().withRequestTimeout(java.time.Duration.ofMillis(400))))) {
            assertThatThrownBy(() -> client.listJobs(Optional.empty()))
                    .isInstanceOfSatisfying(SlurmException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                        assertThat(e.getMessage())
                                .isEqualTo("list jobs failed: no answer from slurmrestd at " + jobsUrl(v)
                                        + " within 400ms (the request timeout; a busy slurmctld can be slower: raise the timeout, or"
                                        + " check that slurmrestd is not stopped)");
                    });
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void aWebServerAnsweringEveryPathIsNotTakenForSlurmrestd() {
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                return html(200, "<html><title>Welcome to nginx!</title></html>");
            }
        });
        assertThatThrownBy(() -> SlurmClients.connect(MockRestd.config(server)))
                .isInstanceOfSatisfying(SlurmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED_VERSION);
                    assertThat(e.getMessage())
                            .startsWith("slurmrestd at " + server.url("/") + " serves none of the"
                                    + " supported API versions")
                            .contains("v0.0.43 (HTTP 200 but not JSON: Welcome to nginx!)");
                });
    }
}
