package dev.hpcenv.shim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpcenv.shim.support.IngestReceiver;
import dev.hpcenv.shim.support.Processes;
import dev.hpcenv.shim.support.ShimIntegration;
import dev.hpcenv.shim.support.ShimProcesses;
import dev.hpcenv.shim.support.ShimSite;
import dev.hpcenv.shim.support.ShimTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shim ships a task's output, progress and exit code to the ingest endpoint (issue 15,
 * docs/job-output.md section 2) without changing the job's own output or outcome, whatever the
 * endpoint does.
 */
@ShimIntegration
class LogShippingIT {
    private static final String TOKEN = "hl1.bG9nc2hpcHBpbmctaXQ.dGVzdC1zaWduYXR1cmU";

    private static void ship(ShimSite site, IngestReceiver rx) {
        site.extraEnv.put("HPCENV_LOG_URL", rx.url());
        site.extraEnv.put("HPCENV_LOG_TOKEN", TOKEN);
    }

    private static String spec(String ref, String extra) {
        String[] parts = ref.split("/", 2);
        String repo = parts[1].substring(0, parts[1].lastIndexOf(':'));
        String tag = parts[1].substring(parts[1].lastIndexOf(':') + 1);
        return "{\"image\":\"" + ref + "\",\"imageRef\":{\"registry\":\"" + parts[0] + "\",\"repository\":\"" + repo
                + "\",\"tag\":\"" + tag + "\"}" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static int awaitExit(ShimSite site, Process p, String name) throws Exception {
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            throw new AssertionError("shim " + name + " did not end:\n" + site.output(name));
        }
        return p.exitValue();
    }

    private static byte[] file(ShimSite site, String name) throws Exception {
        return Files.readAllBytes(site.dir.resolve(name));
    }

    /**
     * Starts the shim like {@link ShimSite#start}; with {@code descriptor}, with an inherited descriptor
     * named by PMI_FD, so that the runtime starts through posix_spawn instead of ProcessBuilder.
     */
    private static Process start(ShimSite site, boolean descriptor, String name, String... args) throws Exception {
        if (!descriptor) {
            return site.start(name, args);
        }
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "exec 7</dev/null; exec \"$@\"", "sh"));
        cmd.addAll(site.command(List.of(args)));
        return new ProcessBuilder(cmd)
                .directory(site.work().toFile())
                .redirectOutput(site.dir.resolve(name + ".out").toFile())
                .redirectError(site.dir.resolve(name + ".err").toFile())
                .start();
    }

    @ParameterizedTest(name = "inherited descriptor (posix_spawn): {0}")
    @ValueSource(booleans = {false, true})
    void everyByteArrivesTypedAndTheJobsOwnOutputIsUnchangedByteForByte(boolean descriptor) throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null);
                IngestReceiver rx = IngestReceiver.start(TOKEN)) {
            Path spec = site.spec("env", spec(site.env.busyboxRef, ""));
            String script =
                    "if env | grep HPCENV_LOG_; then exit 98; fi; i=0; while [ $i -lt 3000 ]; do echo \"out line $i\"; echo \"err line $i\" >&2;"
                            + " i=$((i+1)); done; printf 'no newline at the end'; printf '\\001\\377 bytes' >&2; exit 3";
            assertThat(site.run("run", "--spec", spec.toString(), "--", "true").exitCode())
                    .isZero();
            if (descriptor) {
                site.extraEnv.put("PMI_FD", "7");
                script = "[ -e /proc/self/fd/3 ] || exit 99; " + script;
            }

            int baseline = awaitExit(
                    site,
                    start(site, descriptor, "base", "run", "--spec", spec.toString(), "--", "/bin/sh", "-c", script),
                    "base");
            ship(site, rx);
            int shipped = awaitExit(
                    site,
                    start(site, descriptor, "shipped", "run", "--spec", spec.toString(), "--", "/bin/sh", "-c", script),
                    "shipped");

            assertThat(baseline).isEqualTo(3);
            assertThat(shipped).isEqualTo(3);
            assertThat(file(site, "shipped.out")).isEqualTo(file(site, "base.out"));
            assertThat(file(site, "shipped.err")).isEqualTo(file(site, "base.err"));
            assertThat(rx.output(1)).isEqualTo(file(site, "shipped.out"));
            assertThat(rx.output(2)).isEqualTo(file(site, "shipped.err"));
            assertThat(rx.gapBytes()).isZero();
            assertThat(rx.exitCode()).isEqualTo(3);
            assertThat(rx.eventNames()).contains("container.started");
            List<Long> seqs = rx.sequenceNumbers();
            assertThat(seqs).first().isEqualTo(0L);
            assertThat(seqs.get(seqs.size() - 1)).isEqualTo(seqs.size() - 1L);
            assertThat(rx.queries()).allMatch(q -> q.matches("node=[^&]+&task=0&attempt=1&seq=\\d+"));
            assertThat(site.leftovers()).isEmpty();
        }
    }

    /**
     * An https endpoint is trusted through HPCENV_LOG_CA (PEM, several certificates and text between
     * them allowed); without it the JDK's CAs do not know it: nothing is shipped, the job is the same
     * and no line of it reaches the job's output.
     */
    @Test
    void anHttpsEndpointIsTrustedThroughTheGivenCertificatesOnly() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null);
                IngestReceiver rx = IngestReceiver.startHttps(TOKEN, site.dir)) {
            Path spec = site.spec("host", "{\"workdir\":\"" + site.work() + "\"}");
            ship(site, rx);
            int untrusted = awaitExit(
                    site, site.start("untrusted", "run", "--spec", spec.toString(), "--", "echo", "one"), "untrusted");
            assertThat(untrusted).isZero();
            assertThat(site.output("untrusted")).isEqualTo("one\n");
            assertThat(rx.records()).isEmpty();

            site.extraEnv.put("HPCENV_LOG_CA", "the ingest CA\n" + rx.caPem() + "\nagain:\n" + rx.caPem());
            int trusted = awaitExit(
                    site, site.start("trusted", "run", "--spec", spec.toString(), "--", "echo", "two"), "trusted");
            assertThat(trusted).isZero();
            assertThat(new String(rx.output(1), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("two\n");
            assertThat(rx.exitCode()).isZero();
        }
    }

    /** scancel's SIGTERM: the task ends as without shipping, and the end record carries 128+15. */
    @Test
    void aTerminatedTaskSendsTheSignalsExitCode() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null);
                IngestReceiver rx = IngestReceiver.start(TOKEN)) {
            Path spec = site.spec("env", spec(site.env.busyboxRef, ""));
            ship(site, rx);
            Process shim = site.start(
                    "term", "run", "--spec", spec.toString(), "--", "/bin/sh", "-c", "echo started; exec sleep 1013");
            Processes.await(
                    "the task's first line shipped",
                    Duration.ofSeconds(60),
                    () -> new String(rx.output(1), java.nio.charset.StandardCharsets.UTF_8).equals("started\n"));
            ShimProcesses.signal(ShimProcesses.shimJvm(shim), "TERM");

            assertThat(shim.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(shim.exitValue()).as(site.output("term")).isEqualTo(128 + 15);
            assertThat(rx.exitCode()).isEqualTo(128 + 15);
            assertThat(site.output("term")).isEqualTo("started\n");
            assertThat(site.leftovers()).isEmpty();
        }
    }

    /** Without an image the command runs on the node: shipped as well, and without the log variables either. */
    @Test
    void aCommandRunWithoutAnImageIsShippedAndNeverSeesTheLogVariables() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null);
                IngestReceiver rx = IngestReceiver.start(TOKEN)) {
            Path spec = site.spec("host", "{\"workdir\":\"" + site.work() + "\"}");
            ship(site, rx);
            site.extraEnv.put("HPCENV_LOG_CA", "not used for http");
            site.extraEnv.put("HPCENV_LOG_BUFFER", "1M");
            int code = awaitExit(
                    site,
                    site.start(
                            "host",
                            "run",
                            "--spec",
                            spec.toString(),
                            "--",
                            "/bin/sh",
                            "-c",
                            "if env | grep HPCENV_LOG_; then exit 98; fi; echo on the node; exit 6"),
                    "host");

            assertThat(code).as(site.output("host")).isEqualTo(6);
            assertThat(new String(rx.output(1), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("on the node\n");
            assertThat(rx.eventNames()).contains("container.started");
            assertThat(rx.exitCode()).isEqualTo(6);
        }
    }

    /**
     * sbatch's default: stdout and stderr are one file. One pipe serves both, so what is shipped
     * has exactly the file's order; the records are then all stdout.
     */
    @Test
    void stdoutAndStderrInOneFileKeepTheirOrder() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null);
                IngestReceiver rx = IngestReceiver.start(TOKEN)) {
            Path spec = site.spec("env", spec(site.env.busyboxRef, ""));
            String script =
                    "i=0; while [ $i -lt 2000 ]; do echo \"out $i\"; echo \"err $i\" >&2; i=$((i+1)); done; exit 4";
            assertThat(site.run("run", "--spec", spec.toString(), "--", "true").exitCode())
                    .isZero();
            List<String> args = List.of("run", "--spec", spec.toString(), "--", "/bin/sh", "-c", script);
            Process base = new ProcessBuilder(site.command(args))
                    .directory(site.work().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(site.dir.resolve("base.out").toFile())
                    .start();
            assertThat(awaitExit(site, base, "base")).isEqualTo(4);
            ship(site, rx);
            Process shipped = new ProcessBuilder(site.command(args))
                    .directory(site.work().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(site.dir.resolve("shipped.out").toFile())
                    .start();
            assertThat(awaitExit(site, shipped, "shipped")).isEqualTo(4);

            // The base run's own interleaving varies from run to run (the streams reach the file
            // through different paths before the shim): the same lines, each stream in order.
            assertThat(linesOf(file(site, "shipped.out"), "out ")).isEqualTo(linesOf(file(site, "base.out"), "out "));
            assertThat(linesOf(file(site, "shipped.out"), "err ")).isEqualTo(linesOf(file(site, "base.out"), "err "));
            assertThat(file(site, "shipped.out")).hasSameSizeAs(file(site, "base.out"));
            assertThat(rx.output(1)).as("one pipe: the order of the file").isEqualTo(file(site, "shipped.out"));
            assertThat(rx.output(2)).isEmpty();
            assertThat(rx.exitCode()).isEqualTo(4);
        }
    }

    private static List<String> linesOf(byte[] bytes, String prefix) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.startsWith(prefix))
                .toList();
    }

    /**
     * The endpoint refuses (503) or does not answer while the task writes 3 MB into a 64 KiB buffer:
     * the task writes all of it meanwhile, the job's file gets every byte, the sender drops what
     * does not fit with a gap record, and once the endpoint is back the rest arrives.
     */
    @ParameterizedTest(name = "endpoint {0}")
    @EnumSource(
            value = IngestReceiver.Mode.class,
            names = {"UNAVAILABLE", "HANG"})
    void anEndpointThatIsDownNeverHoldsTheTaskAndTheDropIsAGap(IngestReceiver.Mode down) throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null);
                IngestReceiver rx = IngestReceiver.start(TOKEN)) {
            Path out = Files.createDirectories(site.work().resolve("out"));
            site.own(out);
            Path spec = site.spec(
                    "env",
                    spec(
                            site.env.busyboxRef,
                            "\"mounts\":[{\"source\":\"" + out
                                    + "\",\"target\":\"/out\",\"type\":\"bind\",\"flags\":[]}]"));
            assertThat(site.run("run", "--spec", spec.toString(), "--", "true").exitCode())
                    .isZero();
            ship(site, rx);
            site.extraEnv.put("HPCENV_LOG_BUFFER", "64K");
            rx.mode(down);
            Process shim = site.start(
                    "down",
                    "run",
                    "--spec",
                    spec.toString(),
                    "--",
                    "/bin/sh",
                    "-c",
                    "yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 3000000; echo; touch /out/written;"
                            + " while [ ! -e /out/go ]; do sleep 0.1; done; echo after; exit 5");

            Processes.await(
                    "the task writing 3 MB while the endpoint is down",
                    Duration.ofSeconds(60),
                    () -> Files.exists(out.resolve("written")));
            int tries = down == IngestReceiver.Mode.HANG ? 1 : 3;
            Processes.await(
                    "the sender trying " + tries + " times", Duration.ofSeconds(30), () -> rx.attempts() >= tries);
            assertThat(rx.records()).as("nothing taken while down").isEmpty();
            rx.recover();
            // The sender retries with backoff (up to 5 s apart): once it has delivered the backlog,
            // the buffer takes output again.
            Processes.await(
                    "the backlog delivered",
                    Duration.ofSeconds(30),
                    () -> !rx.records().isEmpty());
            Files.writeString(out.resolve("go"), "");
            assertThat(awaitExit(site, shim, "down")).as(site.output("down")).isEqualTo(5);

            byte[] written = file(site, "down.out");
            assertThat(written).hasSize(3_000_000 + 1 + "after\n".length());
            assertThat(rx.gapBytes()).isPositive();
            assertThat(rx.output(1).length + rx.gapBytes()).isEqualTo(written.length);
            assertThat(new String(rx.output(1), java.nio.charset.StandardCharsets.UTF_8))
                    .endsWith("\nafter\n");
            assertThat(rx.exitCode()).isEqualTo(5);
            if (down == IngestReceiver.Mode.UNAVAILABLE) {
                assertThat(rx.refusedCount()).isPositive();
            }
        }
    }

    @Test
    void aFailedPullSendsTheShimsReasonAndTheEnd() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null);
                IngestReceiver rx = IngestReceiver.start(TOKEN)) {
            String missing = site.env.registry.address() + "/test/missing-" + UUID.randomUUID() + ":1";
            Path spec = site.spec("env", spec(missing, ""));
            ship(site, rx);
            int code = awaitExit(site, site.start("fail", "run", "--spec", spec.toString(), "--", "true"), "fail");

            String stderr = new String(file(site, "fail.err"), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(code).as(stderr).isEqualTo(126);
            assertThat(stderr).startsWith("hpcenv-shim: ").contains("not found");
            JsonNode failed = rx.events().stream()
                    .filter(e -> e.get("event").asText().equals("pull.failed"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no pull.failed in " + rx.eventNames()));
            assertThat(failed.get("fields").get("message").asText())
                    .isEqualTo(stderr.strip().substring("hpcenv-shim: ".length()));
            assertThat(failed.get("fields").get("image").asText()).isEqualTo(missing);
            assertThat(rx.output(2)).isEqualTo(file(site, "fail.err"));
            assertThat(rx.exitCode()).isEqualTo(126);
        }
    }

    @Test
    void aPullOfANewImageSendsItsStartBytesAndEndThenTheContainerStart() throws Exception {
        try (ShimSite site = ShimSite.create(ShimTestEnv.get(), true, null);
                IngestReceiver rx = IngestReceiver.start(TOKEN)) {
            String ref = site.env.registry.pushLayered(
                    Files.createDirectories(site.dir.resolve("image")),
                    "logship-" + UUID.randomUUID(),
                    "1",
                    3,
                    4_000_000);
            Path spec = site.spec("env", spec(ref, ""));
            ship(site, rx);
            int code = awaitExit(site, site.start("pull", "run", "--spec", spec.toString(), "--", "true"), "pull");

            assertThat(code).as(site.output("pull")).isZero();
            List<String> names = rx.eventNames();
            assertThat(names).containsSubsequence("pull.start", "pull.bytes", "pull.done", "container.started");
            List<JsonNode> bytes = rx.events().stream()
                    .filter(e -> e.get("event").asText().equals("pull.bytes"))
                    .map(e -> e.get("fields"))
                    .toList();
            assertThat(bytes)
                    .allMatch(f -> f.get("bytesTotal").asLong() > 12_000_000L)
                    .allMatch(f ->
                            f.get("bytesDone").asLong() <= f.get("bytesTotal").asLong())
                    .allMatch(f -> f.get("image").asText().equals(ref));
            JsonNode last = bytes.get(bytes.size() - 1);
            assertThat(last.get("bytesDone").asLong())
                    .isEqualTo(last.get("bytesTotal").asLong());
            assertThat(rx.exitCode()).isZero();
            assertThat(site.leftovers()).isEmpty();
        }
    }
}
