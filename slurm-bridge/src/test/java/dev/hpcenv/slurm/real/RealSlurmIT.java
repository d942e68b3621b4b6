package dev.hpcenv.slurm.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hpcenv.slurm.ApiVersion;
import dev.hpcenv.slurm.CancelOutcome;
import dev.hpcenv.slurm.ExitStatus;
import dev.hpcenv.slurm.JobInfo;
import dev.hpcenv.slurm.JobState;
import dev.hpcenv.slurm.JobSubmission;
import dev.hpcenv.slurm.SlurmClient;
import dev.hpcenv.slurm.SlurmClients;
import dev.hpcenv.slurm.SlurmException;
import dev.hpcenv.slurm.SlurmException.Kind;
import dev.hpcenv.slurm.auth.Hs256JwtSigner;
import dev.hpcenv.slurm.auth.SlurmCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against the real slurmrestd 22.05 (v0.0.38) of dev/slurm-local.sh. Every test cancels the jobs it
 * submitted; a failure prints the daemon logs.
 */
@ExtendWith(LocalSlurmExtension.class)
class RealSlurmIT {

    private static final Duration JOB_DEADLINE = Duration.ofSeconds(60);

    private final LocalSlurm slurm;
    private final String run = "hpcenv-test-" + UUID.randomUUID();
    private final List<Long> submitted = new ArrayList<>();
    private final List<Path> cleanup = new ArrayList<>();
    private SlurmClient client;

    RealSlurmIT(LocalSlurm slurm) {
        this.slurm = slurm;
    }

    @BeforeEach
    void connect() {
        client = slurm.client();
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (long id : submitted) {
            client.cancel(id);
        }
        client.close();
        for (Path dir : cleanup) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private JobSubmission.Builder job(String body, String suffix) {
        return JobSubmission.builder("#!/bin/sh\n" + body + "\n")
                .name("hpcenv-test")
                .comment(run + "-" + suffix)
                .env("PATH", "/usr/bin:/bin")
                .workdir("/tmp")
                .standardOutput("/dev/null")
                .standardError("/dev/null")
                .timeLimit(Duration.ofMinutes(5));
    }

    private long submit(JobSubmission submission) {
        long id = client.submit(submission);
        submitted.add(id);
        return id;
    }

    private JobInfo awaitState(long id, String what, java.util.function.Predicate<JobInfo> condition) {
        return Await.until(
                "job " + id + " " + what, JOB_DEADLINE, () -> client.getJob(id).filter(condition));
    }

    private JobInfo awaitEnd(long id) {
        return awaitState(id, "to end", j -> j.state().isTerminal());
    }

    @Test
    void detectsV38AndReportsTheRelease() {
        try (SlurmClient detected = SlurmClients.connect(slurm.config().withApi(Optional.empty()))) {
            assertThat(detected.apiVersion()).isEqualTo(ApiVersion.V0_0_38);
            assertThat(detected.version().release()).startsWith("22.05");
            assertThat(detected.ping().reachable()).isTrue();
            assertThat(detected.partitions())
                    .anySatisfy(p -> assertThat(p.isDefault()).isTrue());
            assertThat(detected.nodes()).isNotEmpty();
        }
    }

    @Test
    void submitAndFollowToCompletion() {
        Instant before = Instant.now().minusSeconds(2);
        long id = submit(job("echo done", "ok").build());
        JobInfo done = awaitEnd(id);
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.exit()).isEqualTo(ExitStatus.exited(0));
        assertThat(done.nodes()).isNotEmpty();
        assertThat(done.user()).isEqualTo(slurm.user());
        assertThat(done.submitTime()).isAfter(before);
        assertThat(done.startTime()).isNotNull();
        assertThat(done.endTime()).isAfterOrEqualTo(done.startTime());
        assertThat(client.findByComment(run + "-ok")).extracting(JobInfo::jobId).containsExactly(id);
        assertThat(client.listJobs(Optional.of(before)))
                .extracting(JobInfo::jobId)
                .contains(id);
    }

    @Test
    void exitCode3IsReportedAs3() {
        JobInfo done = awaitEnd(submit(job("exit 3", "exit3").build()));
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.exit()).isEqualTo(ExitStatus.exited(3));
    }

    @Test
    void aJobKilledBySignal9IsReportedAsSignal9() {
        JobInfo done = awaitEnd(submit(job("kill -9 $$", "sig9").build()));
        assertThat(done.state()).isEqualTo(JobState.FAILED);
        assertThat(done.exit()).isEqualTo(ExitStatus.signalled(9));
    }

    @Test
    void cancelAPendingJob() {
        long id = submit(job("sleep 300", "held").hold(true).build());
        assertThat(client.getJob(id)).map(JobInfo::state).contains(JobState.PENDING);
        assertThat(client.cancel(id)).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(awaitEnd(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(client.cancel(id)).isEqualTo(CancelOutcome.ALREADY_FINISHED);
    }

    @Test
    void theRequeueFlagReachesSlurmEitherWay() {
        // 22.05 reads "requeue" as sbatch's flag: false would still requeue; the bridge sends no_requeue.
        long never = submit(job("true", "no-requeue").hold(true).requeue(false).build());
        long allowed = submit(job("true", "requeue").hold(true).requeue(true).build());
        assertThat(scontrolShowJob(never)).contains("Requeue=0");
        assertThat(scontrolShowJob(allowed)).contains("Requeue=1");
    }

    @Test
    void aRequeuedJobIsPendingWithoutNodesAndCountsTheRestart() {
        long id = submit(job("sleep 300", "requeued").requeue(true).build());
        JobInfo running = awaitState(id, "to run", j -> j.state() == JobState.RUNNING);
        assertThat(running.restartCount()).isZero();
        LocalSlurmExtension.Result requeue = scontrol("requeue", Long.toString(id));
        assertThat(requeue.exit()).as(requeue.output()).isZero();
        JobInfo requeued =
                awaitState(id, "to be requeued", j -> Integer.valueOf(1).equals(j.restartCount()));
        assertThat(requeued.state().isTerminal()).isFalse();
        assertThat(requeued.state()).isIn(JobState.PENDING, JobState.REQUEUED, JobState.COMPLETING);
        awaitState(
                id,
                "to wait without nodes",
                j -> j.state() == JobState.PENDING && j.nodes().isEmpty());
    }

    private String scontrolShowJob(long id) {
        LocalSlurmExtension.Result shown = scontrol("show", "job", Long.toString(id));
        assertThat(shown.exit()).as(shown.output()).isZero();
        return shown.output();
    }

    private LocalSlurmExtension.Result scontrol(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "SLURM_CONF=" + slurm.slurmConf(), "scontrol"));
        command.addAll(List.of(args));
        return LocalSlurmExtension.run(command, 30);
    }

    @Test
    void cancelARunningJob() {
        long id = submit(job("sleep 300", "running").build());
        awaitState(id, "to run", j -> j.state() == JobState.RUNNING);
        assertThat(client.cancel(id)).isEqualTo(CancelOutcome.CANCELLED);
        JobInfo done = awaitEnd(id);
        assertThat(done.state()).isEqualTo(JobState.CANCELLED);
        assertThat(done.startTime()).isNotNull();
        // No assertion on the exit status: it is whatever the script's end looked like to Slurm at that
        // moment (0:15 if the shell died of SIGTERM, 143 if it reported its child's death, 0:0 if read
        // before slurmd reported it).
    }

    @Test
    void environmentValuesArriveLiterally() throws IOException {
        Path out = Files.createTempDirectory("hpcenv-env-");
        cleanup.add(out);
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path marker = Path.of("/tmp", "hpcenv-must-not-exist-" + UUID.randomUUID());
        Map<String, String> values = new LinkedHashMap<>();
        values.put("QUOTES", "He said \"hi\" and 'bye'");
        values.put("NEWLINES", "line1\nline2\n\nline4");
        values.put("SUBST", "$(touch " + marker + ") ${HOME} $HOME");
        values.put("BACKTICKS", "`touch " + marker + "` `id`");
        values.put("BACKSLASH", "back\\slash\\n and \\\\ and %j");
        values.put("EQUALS", "a=b=c;d|e&f");
        values.put("UNICODE", "grüße ✓");
        StringBuilder script = new StringBuilder();
        for (String name : values.keySet()) {
            script.append("printf '%s' \"$")
                    .append(name)
                    .append("\" > \"$HPCENV_OUT/")
                    .append(name)
                    .append("\"\n");
        }
        JobSubmission.Builder builder =
                job(script.toString(), "env").environment(values).env("HPCENV_OUT", out.toString());
        JobInfo done = awaitEnd(submit(builder.build()));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            assertThat(Files.readString(out.resolve(entry.getKey()), StandardCharsets.UTF_8))
                    .as(entry.getKey())
                    .isEqualTo(entry.getValue());
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void anUnknownJobIsEmptyAndCannotBeCancelled() {
        long unknown = 4_000_000_000L;
        assertThat(client.getJob(unknown)).isEmpty();
        assertThat(client.cancel(unknown)).isEqualTo(CancelOutcome.NOT_FOUND);
    }

    @Test
    void anExpiredTokenIsAnAuthenticationError() throws IOException {
        Hs256JwtSigner signer = new Hs256JwtSigner(Files.readAllBytes(slurm.jwtKey()));
        Instant now = Instant.now();
        String expired = signer.sign(slurm.user(), now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
        assertThat(client.ping().reachable()).isTrue(); // the same key, minting fresh tokens, works
        try (SlurmClient stale = SlurmClients.connect(new dev.hpcenv.slurm.SlurmClientConfig(
                slurm.url(),
                slurm.user(),
                SlurmCredentials.token(expired),
                Optional.of(ApiVersion.V0_0_38),
                slurm.config().http()))) {
            assertThatThrownBy(() -> stale.getJob(1)).isInstanceOfSatisfying(SlurmException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
                assertThat(e.getMessage()).doesNotContain(expired);
            });
        }
    }

    @Test
    void aWrongKeyIsAnAuthenticationErrorAndItsSubmitCreatesNothing() {
        byte[] wrong = new byte[32];
        new SecureRandom().nextBytes(wrong);
        try (SlurmClient impostor = SlurmClients.connect(new dev.hpcenv.slurm.SlurmClientConfig(
                slurm.url(),
                slurm.user(),
                SlurmCredentials.jwtKey(wrong, Duration.ofMinutes(5)),
                Optional.of(ApiVersion.V0_0_38),
                slurm.config().http()))) {
            assertThatThrownBy(impostor::ping)
                    .isInstanceOfSatisfying(
                            SlurmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION));
            assertThatThrownBy(() -> impostor.submit(job("true", "impostor").build()))
                    .isInstanceOfSatisfying(
                            SlurmException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION));
        }
        assertThat(client.findByComment(run + "-impostor")).isEmpty();
    }
}
