package dev.hpcenv.slurm.rest;

import static dev.hpcenv.slurm.testing.Fixtures.fixture;
import static dev.hpcenv.slurm.testing.Fixtures.json;
import static dev.hpcenv.slurm.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClientConfig;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.auth.SlurmCredentials;
import dev.hpcenv.slurm.cli.SlurmCli;
import dev.hpcenv.slurm.testing.StartedServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens and signing keys never reach an exception message, a {@code toString()}, the CLI's output or
 * a log record, on any error path: each path is triggered with a known secret and everything the
 * bridge said is searched for it.
 */
class SecretsTest {

    private static final String TOKEN = "eyJTOKENSECRET.payload-7f3a9c.signature-Q1w2E3";
    private static final String KEY_TEXT = "KEYSECRET-0123456789abcdef-0123456789";

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedServer started = new StartedServer();

    private final MockWebServer server = started.server();
    // Log records arrive from the HTTP client's threads too, also while the assertions read the list.
    private final List<String> said = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            said.add(record.getLoggerName() + " " + record.getMessage() + " " + record.getThrown());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level rootLevel;

    @BeforeEach
    void start() throws IOException {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger root = Logger.getLogger("");
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    /** Every answer that makes the bridge report something. */
    private List<Consumer<MockWebServer>> failures() {
        String huge = "{\"jobs\":[" + "{\"job_id\":1},".repeat(200_000) + "]}";
        return List.of(
                s -> s.enqueue(text(401, "Authentication failure")),
                s -> s.enqueue(fixture(500, "v0.0.38", "auth-failure")),
                s -> s.enqueue(fixture(511, "v0.0.42", "auth-failure")),
                s -> s.enqueue(new MockResponse.Builder()
                        .code(502)
                        .setHeader("Content-Type", "text/html")
                        .body("<html><title>502</title><pre>X-SLURM-USER-TOKEN: " + TOKEN + "</pre></html>")
                        .build()),
                s -> s.enqueue(json(200, "{\"jobs\":[{\"job_id\":")),
                s -> s.enqueue(json(200, huge)),
                s -> s.enqueue(json(200, "{\"jobs\":[{\"job_id\":-1,\"comment\":\"" + TOKEN + "\"}]}")),
                s -> s.enqueue(new MockResponse.Builder()
                        .onResponseStart(SocketEffect.Stall.INSTANCE)
                        .build()),
                s -> s.enqueue(new MockResponse.Builder()
                        .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                        .build()));
    }

    private SlurmClientConfig config(SlurmCredentials credentials) {
        return SlurmClientConfig.of(server.url("/").uri(), "hpcuser", credentials)
                .withApi(Optional.of(ApiVersion.V0_0_38))
                .withHttp(MockRestd.config(server)
                        .http()
                        .withRequestTimeout(Duration.ofMillis(300))
                        .withRetry(new dev.hpcenv.slurm.http.RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)))
                        .withMaxBodyBytes(1024 * 1024));
    }

    private void exercise(SlurmClientConfig config) {
        said.add(config.toString());
        said.add(config.credentials().toString());
        said.add(config.credentials().tokenSource("hpcuser").toString());
        for (Consumer<MockWebServer> failure : failures()) {
            for (int call = 0; call < 3; call++) {
                failure.accept(server);
                try (SlurmClient client = SlurmClients.connect(config)) {
                    said.add(client.toString());
                    Throwable thrown = catchThrowable(
                            switch (call) {
                                case 0 -> () -> client.listJobs(Optional.empty());
                                case 1 -> () -> client.getJob(5);
                                default ->
                                    () -> client.submit(JobSubmission.builder("#!/bin/sh\n")
                                            .env("PATH", "/bin")
                                            .workdir("/tmp")
                                            .build());
                            });
                    if (thrown != null) {
                        said.add(thrown.toString());
                        said.add(String.valueOf(thrown.getCause()));
                    }
                }
            }
        }
    }

    @Test
    void aStaticTokenAppearsNowhere() {
        exercise(config(SlurmCredentials.token("SLURM_JWT=" + TOKEN)));
        assertThat(server.getRequestCount()).isGreaterThan(20);
        assertThat(said).hasSizeGreaterThan(30).noneMatch(s -> s.contains(TOKEN) || s.contains("TOKENSECRET"));
    }

    @Test
    void aSigningKeyAndTheTokensMintedFromItAppearNowhere() throws Exception {
        exercise(config(SlurmCredentials.jwtKey(KEY_TEXT.getBytes(StandardCharsets.US_ASCII), Duration.ofMinutes(5))));
        String minted = server.takeRequest().getHeaders().get("X-SLURM-USER-TOKEN");
        assertThat(minted).isNotBlank();
        assertThat(said)
                .noneMatch(s -> s.contains(KEY_TEXT)
                        || s.contains(minted)
                        || s.contains(minted.substring(minted.lastIndexOf('.') + 1)));
    }

    @Test
    void aTokenAHeaderCannotCarryIsRefusedWithoutQuotingIt() {
        // OkHttp's own message for a bad header value quotes the value.
        SlurmClientConfig config = config(SlurmCredentials.token(TOKEN + "\n" + TOKEN + "\u00e9"));
        try (SlurmClient client = SlurmClients.connect(config)) {
            Throwable thrown = catchThrowable(client::ping);
            assertThat(thrown)
                    .hasMessageContaining(
                            "the Slurm token is empty or contains characters an HTTP header" + " cannot carry")
                    .hasMessageNotContaining("TOKENSECRET");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theCliNeverPrintsTheKeyOrAMintedToken() throws Exception {
        Path key = dir.resolve("jwt_hs256.key");
        Files.writeString(key, KEY_TEXT);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> outputs = new ArrayList<>();
        List<String> minted = new ArrayList<>();
        for (Consumer<MockWebServer> failure : failures()) {
            for (String[] command :
                    List.of(new String[] {"list"}, new String[] {"submit", "--wrap", "true", "--workdir", "/tmp"})) {
                try (MockWebServer own = new MockWebServer()) {
                    own.start(0);
                    for (int i = 0; i < 3; i++) {
                        failure.accept(own); // room for the retries of a read
                    }
                    List<String> args = new ArrayList<>(List.of(
                            "--url",
                            own.url("/").toString(),
                            "--user",
                            "hpcuser",
                            "--jwt-key",
                            key.toString(),
                            "--api",
                            "v0.0.38",
                            "--timeout",
                            "1"));
                    args.addAll(List.of(command));
                    outputs.add(cli(args));
                    minted.add(own.takeRequest().getHeaders().get("X-SLURM-USER-TOKEN"));
                }
            }
        }
        outputs.add(cli(List.of(
                "--url", "http://127.0.0.1:" + closedPort, "--user", "u", "--jwt-key", key.toString(), "ping")));
        assertThat(minted).doesNotContainNull();
        assertThat(outputs)
                .hasSize(minted.size() + 1)
                .allSatisfy(o -> assertThat(o).doesNotContain("\tat "))
                .noneMatch(o -> o.contains(KEY_TEXT) || minted.stream().anyMatch(o::contains));
        assertThat(said).noneMatch(s -> s.contains(KEY_TEXT) || minted.stream().anyMatch(s::contains));
    }

    private static String cli(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SlurmCli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return code + " " + out + err;
    }
}
