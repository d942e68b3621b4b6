package dev.hpcenv.slurm.cli;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static dev.hpcenv.slurm.testing.Fixtures.json;
import static dev.hpcenv.slurm.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpcenv.slurm.testing.Fixtures;
import dev.hpcenv.slurm.testing.RestdRelease;
import dev.hpcenv.slurm.testing.StartedServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SlurmCliTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();
    private Path key;
    private String out;
    private String err;

    @BeforeEach
    void start() throws IOException {
        key = dir.resolve("jwt_hs256.key");
        Files.write(key, "0123456789abcdef0123456789abcdef".getBytes());
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--url",
                server.url("/").toString(),
                "--user",
                "hpcuser",
                "--jwt-key",
                key.toString(),
                "--api",
                "v0.0.38"));
        all.addAll(List.of(args));
        return runRaw(all.toArray(String[]::new));
    }

    private int runRaw(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = SlurmCli.run(args, new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void submitPrintsOnlyTheJobId() throws Exception {
        server.enqueue(fixture(200, "v0.0.38", "submit"));
        assertThat(run(
                        "submit",
                        "--wrap",
                        "echo hi",
                        "--name",
                        "n",
                        "--comment",
                        "c",
                        "--env",
                        "A=1=2",
                        "--workdir",
                        "/tmp",
                        "--time",
                        "5"))
                .isZero();
        assertThat(out).isEqualTo("16" + System.lineSeparator());
        JsonNode job = new ObjectMapper()
                .readTree(server.takeRequest().getBody().utf8())
                .get("job");
        assertThat(job.get("environment").get("A").asText()).isEqualTo("1=2");
        assertThat(job.get("environment").has("PATH")).isTrue();
        assertThat(job.get("time_limit").asInt()).isEqualTo(5);
    }

    @Test
    void submitStatesTheRequeueFlagOnlyWhenAsked() throws Exception {
        List<JsonNode> sent = new ArrayList<>();
        for (String flag : List.of("--requeue", "--no-requeue", "--hold")) {
            server.enqueue(fixture(200, "v0.0.38", "submit"));
            assertThat(run("submit", "--wrap", "true", "--workdir", "/tmp", flag))
                    .isZero();
            sent.add(new ObjectMapper()
                    .readTree(server.takeRequest().getBody().utf8())
                    .get("job"));
        }
        assertThat(sent.get(0).get("requeue").asBoolean()).isTrue();
        assertThat(sent.get(1).get("no_requeue").asBoolean()).isTrue();
        assertThat(sent.get(1).has("requeue")).isFalse();
        assertThat(sent.get(2).has("requeue") || sent.get(2).has("no_requeue")).isFalse();
    }

    @Test
    void statusPrintsTheDocumentedJsonFields() throws Exception {
        server.enqueue(fixture(200, "v0.0.38", "job-failed-exit-3"));
        assertThat(run("status", "13")).isZero();
        JsonNode job = new ObjectMapper().readTree(out);
        assertThat(job.get("jobId").asLong()).isEqualTo(13);
        assertThat(job.get("state").asText()).isEqualTo("FAILED");
        assertThat(job.get("exitCode").asInt()).isEqualTo(3);
        assertThat(job.get("signal").isNull()).isTrue();
        assertThat(job.get("nodes")).extracting(JsonNode::asText).containsExactly("localhost");
        assertThat(job.get("startTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        for (String field : List.of("name", "submitTime", "endTime", "comment")) {
            assertThat(job.has(field)).as(field).isTrue();
        }
    }

    @Test
    void listFiltersByCommentPrefix() throws Exception {
        server.enqueue(fixture(200, "v0.0.38", "job-running"));
        assertThat(run("list", "--comment-prefix", "uid-")).isZero();
        assertThat(new ObjectMapper().readTree(out)).hasSize(1);
        server.enqueue(fixture(200, "v0.0.38", "job-running"));
        assertThat(run("list", "--comment-prefix", "other")).isZero();
        assertThat(new ObjectMapper().readTree(out)).isEmpty();
    }

    @Test
    void unknownJobIsExitCode5WithOneLine() {
        server.enqueue(fixture(500, "v0.0.38", "job-unknown"));
        assertThat(run("status", "999999")).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(err.strip()).contains("999999").doesNotContain("\n").doesNotContain("Exception");
        server.enqueue(fixture(500, "v0.0.38", "cancel-unknown"));
        assertThat(run("cancel", "999999")).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void badCredentialsAreExitCode4() {
        server.enqueue(text(401, "Authentication failure"));
        assertThat(run("ping")).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(err).startsWith("hpcenv-slurm: ping failed: HTTP 401");
    }

    @Test
    void unreachableIsExitCode3() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(runRaw("--url", "http://127.0.0.1:" + port, "--user", "u", "--jwt-key", key.toString(), "ping"))
                .isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(err).contains("cannot connect").contains("is slurmrestd running?");
    }

    @Test
    void usageMistakesAreExitCode2WithAHint() {
        assertThat(runRaw("--user", "u", "--jwt-key", key.toString(), "ping")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--url").contains("--help");
        assertThat(run("submit", "--wrap", "true", "--env", "NOEQUALS")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("NOEQUALS").contains("NAME=VALUE");
        assertThat(run("submit", "--script", dir.resolve("missing.sh").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("missing.sh").contains("no such file");
        assertThat(runRaw(
                        "--url",
                        "http://x",
                        "--user",
                        "u",
                        "--jwt-key",
                        dir.resolve("nokey").toString(),
                        "ping"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("nokey").contains("does not exist");
        assertThat(runRaw("--url", "http://x", "--user", "u", "--token-env", "HPCENV_SURELY_UNSET_VAR", "ping"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("HPCENV_SURELY_UNSET_VAR");
        assertThat(runRaw(
                        "--url",
                        server.url("/").toString(),
                        "--user",
                        "u",
                        "--jwt-key",
                        key.toString(),
                        "--api",
                        "v9",
                        "ping"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("v9");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void sbatchDirectivesInAScriptGetAWarningWithTheLine() throws IOException {
        Path script = dir.resolve("job.sh");
        Files.writeString(script, "#!/bin/sh\n#SBATCH --time=5\ntrue\n");
        server.enqueue(fixture(200, "v0.0.38", "submit"));
        assertThat(run("submit", "--script", script.toString(), "--workdir", "/tmp"))
                .isZero();
        assertThat(err).contains("job.sh, line 2").contains("ignored by slurmrestd");
        assertThat(out.strip()).isEqualTo("16");
    }

    @Test
    void pingShowsReleaseAndApiVersion() {
        server.enqueue(fixture(200, "v0.0.38", "ping"));
        assertThat(run("ping")).isZero();
        assertThat(out).contains("reachable").contains("22.05.8").contains("v0.0.38");
        assertThat(out).contains("API versions offered: not asked (--api names the version");
        assertThat(err).isEmpty();
    }

    @Test
    void pingPrintsTheReleaseTheChosenVersionAndTheVersionsOffered() {
        // Given: a Slurm 26.05 slurmrestd
        RestdRelease restd = new RestdRelease(RestdRelease.Release.SLURM_26_05);
        server.setDispatcher(restd);
        // When
        int code =
                runRaw("--url", server.url("/").toString(), "--user", "hpcuser", "--jwt-key", key.toString(), "ping");
        // Then
        assertThat(code).isZero();
        assertThat(out)
                .contains("reachable, Slurm 26.05.0, API v0.0.45")
                .contains("API versions offered: v0.0.42, v0.0.43, v0.0.44, v0.0.45")
                .contains("slurmrestd /readyz: ready");
        assertThat(err).isEmpty();
        assertThat(restd.paths()).contains("GET /readyz");
    }

    @Test
    void pingWarnsWhenTheServersReleaseDeprecatesTheVersionInUse() {
        server.setDispatcher(new RestdRelease(RestdRelease.Release.SLURM_26_05));
        int code = runRaw(
                "--url",
                server.url("/").toString(),
                "--user",
                "hpcuser",
                "--jwt-key",
                key.toString(),
                "--api",
                "v0.0.42",
                "ping");
        assertThat(code).isZero(); // a warning, not a failure: v0.0.42 still works on 26.05
        assertThat(out).contains("Slurm 26.05.0, API v0.0.42");
        assertThat(err)
                .isEqualTo("hpcenv-slurm: warning: Slurm 26.05 deprecates v0.0.42, removed in 26.11; use v0.0.45"
                        + " (or auto-detection) before upgrading" + System.lineSeparator());
    }

    private void assertOneLine(String text) {
        assertThat(text).startsWith("hpcenv-slurm: ").endsWith(System.lineSeparator());
        assertThat(text.strip())
                .doesNotContain("\n")
                .doesNotContain("\r")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    @Test
    void everyBadInputIsOneLineAndExitCode2WithoutTouchingTheServer() throws IOException {
        Path noShebang = dir.resolve("plain.sh");
        Files.writeString(noShebang, "true\n");
        List<List<String>> bad = List.of(
                List.of("status", "0"),
                List.of("status", "4294967294"),
                List.of("status", "-1"),
                List.of("status", "abc"),
                List.of("cancel", "4294967295"),
                List.of("status", "99999999999999999999"),
                List.of("--timeout", "0", "ping"),
                List.of("--timeout", "soon", "ping"),
                List.of("submit", "--wrap", "true", "--nodes", "many"),
                List.of("submit", "--wrap", "true", "--time", "0"),
                List.of("submit", "--script", noShebang.toString()),
                List.of("submit"),
                List.of("frobnicate"),
                List.of("--api", "v0.0.99", "ping"));
        for (List<String> args : bad) {
            assertThat(run(args.toArray(String[]::new))).as(args.toString()).isEqualTo(ExitCodes.USAGE);
            assertOneLine(err);
        }
        for (String[] args : List.of(
                new String[] {"--url", "not a url", "--user", "u", "--jwt-key", key.toString(), "ping"},
                new String[] {"--url", "ftp://host/", "--user", "u", "--jwt-key", key.toString(), "ping"},
                new String[] {"--url", "http://127.0.0.1:99999", "--user", "u", "--jwt-key", key.toString(), "ping"},
                new String[] {
                    "--url", server.url("/").toString(), "--user", "two words", "--jwt-key", key.toString(), "ping"
                },
                new String[] {"--url", server.url("/").toString(), "--user", "u", "--jwt-key", dir.toString(), "ping"
                })) {
            assertThat(runRaw(args)).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
            assertOneLine(err);
        }
        assertThat(err).contains("is a directory");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void everyServerFailureIsOneLineNamingTheUrlTheStatusAndAHint() {
        String base = server.url("/slurm/v0.0.38/").toString();
        String html502 = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>";
        record Case(List<MockResponse> answers, String[] command, int exit, String[] says) {}
        List<Case> cases = List.of(
                new Case(
                        List.of(html(502, html502), html(502, html502), html(502, html502)),
                        new String[] {"list"},
                        ExitCodes.UNREACHABLE,
                        new String[] {"HTTP 502 from " + base + "jobs: 502 Bad Gateway", "cannot reach slurmctld"}),
                new Case(
                        List.of(fixture(500, "v0.0.38", "auth-failure"), fixture(500, "v0.0.38", "auth-failure")),
                        new String[] {"status", "13"},
                        ExitCodes.AUTHENTICATION,
                        new String[] {"HTTP 500 from " + base + "job/13", "Slurm error -1", "check the JWT key"}),
                new Case(
                        List.of(json(
                                500,
                                "{\"errors\":[{\"error_number\":2009,\"error\":\"Invalid partition name"
                                        + " specified\",\"description\":\"\"}]}")),
                        new String[] {"submit", "--wrap", "true", "--workdir", "/tmp", "--partition", "nope"},
                        ExitCodes.REJECTED,
                        new String[] {
                            "HTTP 500 from " + base + "job/submit",
                            "Invalid partition name specified (Slurm error 2009)",
                            "slurmctld refused"
                        }),
                new Case(
                        List.of(json(200, "{\"jobs\":[{\"job_id\":1,")),
                        new String[] {"list"},
                        ExitCodes.FAILED,
                        new String[] {"HTTP 200 from " + base + "jobs", "JSON body is invalid", "truncated?"}),
                new Case(
                        List.of(html(200, "<html><title>Welcome to nginx!</title></html>")),
                        new String[] {"ping"},
                        ExitCodes.FAILED,
                        new String[] {base + "ping", "not JSON", "Welcome to nginx!", "is the URL"}),
                new Case(List.of(json(200, "{\"meta\":{}}")), new String[] {"list"}, ExitCodes.FAILED, new String[] {
                    "no \"jobs\" list"
                }),
                new Case(
                        List.of(new MockResponse.Builder()
                                .onResponseStart(SocketEffect.Stall.INSTANCE)
                                .build()),
                        new String[] {"--timeout", "1", "status", "7"},
                        ExitCodes.UNREACHABLE,
                        new String[] {"no answer from slurmrestd at " + base + "job/7 within 1s", "raise the timeout"
                        }));
        for (Case c : cases) {
            c.answers().forEach(server::enqueue);
            assertThat(run(c.command())).as(String.join(" ", c.command())).isEqualTo(c.exit());
            assertOneLine(err);
            assertThat(err).contains(c.says());
        }
    }

    @Test
    void nonAsciiSurvivesTheRoundTripInBothDirections() throws Exception {
        String name = "jöb-日本-\uD83D\uDE80";
        String comment = "hpcenv:site:ü-" + name;
        String workdir = "/scratch/dàta/Ωmega";
        server.enqueue(fixture(200, "v0.0.38", "submit"));
        assertThat(run(
                        "submit",
                        "--wrap",
                        "echo " + name,
                        "--name",
                        name,
                        "--comment",
                        comment,
                        "--workdir",
                        workdir,
                        "--output",
                        workdir + "/out-%j.txt",
                        "--env",
                        "GREETING=grüß " + name))
                .isZero();
        byte[] sent = server.takeRequest().getBody().toByteArray();
        JsonNode body = new ObjectMapper().readTree(new String(sent, StandardCharsets.UTF_8));
        assertThat(body.get("script").asText()).contains("echo " + name);
        assertThat(body.get("job").get("name").asText()).isEqualTo(name);
        assertThat(body.get("job").get("comment").asText()).isEqualTo(comment);
        assertThat(body.get("job").get("current_working_directory").asText()).isEqualTo(workdir);
        assertThat(body.get("job").get("environment").get("GREETING").asText()).isEqualTo("grüß " + name);

        ObjectNode answer = (ObjectNode) new ObjectMapper().readTree(Fixtures.read("v0.0.38", "job-running"));
        ObjectNode job = (ObjectNode) answer.get("jobs").get(0);
        job.put("name", name).put("comment", comment).put("current_working_directory", workdir);
        long id = job.get("job_id").asLong();
        // A proxy claiming another charset does not change what the bytes are: JSON is UTF-8.
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/json; charset=iso-8859-1")
                .body(answer.toString())
                .build());
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        List<String> args = new ArrayList<>(List.of(
                "--url",
                server.url("/").toString(),
                "--user",
                "hpcuser",
                "--jwt-key",
                key.toString(),
                "--api",
                "v0.0.38",
                "status",
                Long.toString(id)));
        assertThat(SlurmCli.run(args.toArray(String[]::new), new PrintWriter(o), new PrintWriter(e)))
                .isZero();
        JsonNode printed = new ObjectMapper().readTree(o.toString());
        assertThat(printed.get("name").asText()).isEqualTo(name);
        assertThat(printed.get("comment").asText()).isEqualTo(comment);
    }

    private static MockResponse html(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "text/html")
                .body(body)
                .build();
    }
}
