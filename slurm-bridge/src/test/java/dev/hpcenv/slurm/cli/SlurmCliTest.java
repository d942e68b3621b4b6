package dev.hpcenv.slurm.cli;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static dev.hpcenv.slurm.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmCliTest {

    @TempDir
    Path dir;
    private MockWebServer server;
    private Path key;
    private String out;
    private String err;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(0);
        key = dir.resolve("jwt_hs256.key");
        Files.write(key, "0123456789abcdef0123456789abcdef".getBytes());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", server.url("/").toString(), "--user", "hpcuser",
                "--jwt-key", key.toString(), "--api", "v0.0.38"));
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
        assertThat(run("submit", "--wrap", "echo hi", "--name", "n", "--comment", "c", "--env", "A=1=2",
                "--workdir", "/tmp", "--time", "5")).isZero();
        assertThat(out).isEqualTo("16" + System.lineSeparator());
        JsonNode job = new ObjectMapper().readTree(server.takeRequest().getBody().utf8()).get("job");
        assertThat(job.get("environment").get("A").asText()).isEqualTo("1=2");
        assertThat(job.get("environment").has("PATH")).isTrue();
        assertThat(job.get("time_limit").asInt()).isEqualTo(5);
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
        assertThat(run("submit", "--script", dir.resolve("missing.sh").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("missing.sh").contains("no such file");
        assertThat(runRaw("--url", "http://x", "--user", "u", "--jwt-key", dir.resolve("nokey").toString(), "ping"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("nokey").contains("does not exist");
        assertThat(runRaw("--url", "http://x", "--user", "u", "--token-env", "HPCENV_SURELY_UNSET_VAR", "ping"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("HPCENV_SURELY_UNSET_VAR");
        assertThat(runRaw("--url", server.url("/").toString(), "--user", "u", "--jwt-key", key.toString(), "--api", "v9",
                "ping")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("v9");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void sbatchDirectivesInAScriptGetAWarningWithTheLine() throws IOException {
        Path script = dir.resolve("job.sh");
        Files.writeString(script, "#!/bin/sh\n#SBATCH --time=5\ntrue\n");
        server.enqueue(fixture(200, "v0.0.38", "submit"));
        assertThat(run("submit", "--script", script.toString(), "--workdir", "/tmp")).isZero();
        assertThat(err).contains("job.sh, line 2").contains("ignored by slurmrestd");
        assertThat(out.strip()).isEqualTo("16");
    }

    @Test
    void pingShowsReleaseAndApiVersion() {
        server.enqueue(fixture(200, "v0.0.38", "ping"));
        assertThat(run("ping")).isZero();
        assertThat(out).contains("reachable").contains("22.05.8").contains("v0.0.38");
    }
}
