package dev.hpcenv.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hpcenv.slurm.testing.RestdRelease;
import dev.hpcenv.slurm.testing.RestdRelease.Release;
import dev.hpcenv.slurm.testing.StartedServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code hpcenv-slurm} in process against a slurmrestd of 25.11 (v0.0.44) and 26.05 (v0.0.45), HTTP layer
 * included (RestdRelease): ping, submit, status and cancel, with the version named and detected.
 */
class SlurmCliAcrossReleasesTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();
    private RestdRelease restd;
    private Path key;
    private String out;
    private String err;

    @BeforeEach
    void start() throws IOException {
        key = dir.resolve("jwt_hs256.key");
        Files.write(key, "0123456789abcdef0123456789abcdef".getBytes());
    }

    private int run(String api, String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--url", server.url("/").toString(), "--user", "hpcuser", "--jwt-key", key.toString(), "--api", api));
        all.addAll(List.of(args));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = SlurmCli.run(all.toArray(String[]::new), new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    @ParameterizedTest(name = "{0} with --api {1}")
    @CsvSource({
        "SLURM_25_11, v0.0.44, v0.0.44",
        "SLURM_25_11, auto, v0.0.44",
        "SLURM_26_05, v0.0.45, v0.0.45",
        "SLURM_26_05, auto, v0.0.45",
    })
    void pingSubmitStatusAndCancelWork(Release release, String api, String expected) {
        // Given
        restd = new RestdRelease(release);
        server.setDispatcher(restd);
        // When / Then: ping
        assertThat(run(api, "ping")).isZero();
        assertThat(out).contains("reachable, Slurm " + release.release() + ", API " + expected);
        assertThat(out).contains(api.equals("auto") ? String.join(", ", release.served()) : "not asked");
        // submit
        assertThat(run(api, "submit", "--wrap", "echo hi", "--workdir", "/tmp", "--comment", "uid-1"))
                .isZero();
        String id = out.strip();
        assertThat(id).isEqualTo("9");
        // status
        assertThat(run(api, "status", id)).isZero();
        assertThat(out).containsPattern("\"jobId\"\\s*:\\s*9\\b").contains("RUNNING");
        assertThat(run(api, "status", "999999")).isEqualTo(ExitCodes.NOT_FOUND);
        // cancel
        assertThat(run(api, "cancel", id)).isZero();
        assertThat(out.strip()).isEqualTo("job 9 cancelled");
        assertThat(run(api, "cancel", "999999")).isEqualTo(ExitCodes.NOT_FOUND);
        // and nothing the CLI sent was refused by the 25.11 HTTP layer (detection's 404s for unserved versions aside)
        assertThat(restd.rejects()).allMatch(r -> r.matches("404 GET /slurm/v0\\.0\\.\\d+/ping: .*"));
        assertThat(restd.paths()).anyMatch(p -> p.equals("POST /slurm/" + expected + "/job/submit"));
    }
}
