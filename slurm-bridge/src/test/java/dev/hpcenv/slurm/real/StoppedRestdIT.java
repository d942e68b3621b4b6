package dev.hpcenv.slurm.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClientConfig;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A slurmrestd of its own, beside the shared one (stopping that would break everyone else's tests):
 * frozen with SIGSTOP it must time out within the timeout; stopped it must be a clear
 * "unreachable", fast.
 */
@ExtendWith(LocalSlurmExtension.class)
class StoppedRestdIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private Process restd;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (restd != null && restd.isAlive()) {
            signal("CONT");
            restd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void frozenSlurmrestdTimesOutAndStoppedSlurmrestdIsUnreachable(LocalSlurm slurm) throws Exception {
        Assumptions.assumeTrue(
                LocalSlurmExtension.run(List.of("id", "-u"), 10)
                        .output()
                        .strip()
                        .equals("0"),
                "starting a second slurmrestd needs root");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        log = Files.createTempFile("hpcenv-restd", ".log");
        restd = new ProcessBuilder(
                        "setpriv",
                        "--reuid=" + slurm.restdUser(),
                        "--regid=" + slurm.restdUser(),
                        "--init-groups",
                        "--",
                        "env",
                        "SLURM_JWT=daemon",
                        "SLURM_CONF=" + slurm.slurmConf(),
                        "/usr/sbin/slurmrestd",
                        "-f",
                        slurm.slurmConf().toString(),
                        "-s",
                        "openapi/v0.0.38",
                        "-a",
                        "rest_auth/jwt",
                        "127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        SlurmClientConfig config = slurm.config()
                .withHttp(slurm.config().http().withRequestTimeout(TIMEOUT).withConnectTimeout(TIMEOUT));
        config = new SlurmClientConfig(
                URI.create("http://127.0.0.1:" + port),
                config.user(),
                config.credentials(),
                config.api(),
                config.http());
        try (SlurmClient client = SlurmClients.connect(config)) {
            Await.until("the second slurmrestd to answer (log: " + log + ")", Duration.ofSeconds(30), () -> {
                try {
                    return Optional.of(client.ping()).filter(p -> p.reachable());
                } catch (SlurmException e) {
                    return Optional.empty();
                }
            });

            signal("STOP");
            long started = System.nanoTime();
            assertThatThrownBy(client::ping).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
                assertThat(e.getMessage()).contains("127.0.0.1:" + port);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(3));

            signal("CONT");
            restd.destroy();
            assertThat(restd.waitFor(10, TimeUnit.SECONDS)).isTrue();
            started = System.nanoTime();
            assertThatThrownBy(client::ping).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                assertThat(e.getMessage()).contains("cannot connect").contains("is slurmrestd running?");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(restd.pid()))
                .start()
                .waitFor(10, TimeUnit.SECONDS);
    }
}
